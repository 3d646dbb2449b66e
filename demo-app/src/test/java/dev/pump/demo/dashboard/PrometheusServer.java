package dev.pump.demo.dashboard;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}, see
 * {@code src/test/scripts/ensure-prometheus.sh}) on a free port of 127.0.0.1, scraping
 * one target's {@code /actuator/prometheus} every second, with its data in a temporary
 * directory. Closing it stops the process.
 */
final class PrometheusServer implements AutoCloseable {

	static final String BINARY = System.getenv().getOrDefault("PUMP_PROMETHEUS", "/usr/bin/prometheus");

	private final Process process;

	private final int port;

	private final HttpClient client = HttpClient.newHttpClient();

	private PrometheusServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static PrometheusServer scraping(int targetPort, Path directory) throws IOException {
		int port = freePort();
		Path config = directory.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: pump
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(targetPort));
		Process process = new ProcessBuilder(BINARY, "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, port);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(server::ready);
		return server;
	}

	/**
	 * Send an instant query to the HTTP API.
	 * @param query the PromQL query
	 * @return the series of the result: each a map with {@code metric} (labels) and
	 * {@code value}
	 */
	List<Map<String, Object>> query(String query) throws IOException, InterruptedException {
		String body = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		String status = JsonPath.read(body, "$.status");
		if (!"success".equals(status)) {
			throw new IllegalStateException("Prometheus refused " + query + ": " + body);
		}
		return JsonPath.read(body, "$.data.result");
	}

	private boolean ready() throws IOException, InterruptedException {
		return get("/-/ready").contains("Ready");
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.client.send(request, BodyHandlers.ofString()).body();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
