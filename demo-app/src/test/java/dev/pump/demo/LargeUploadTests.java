package dev.pump.demo;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload larger than the whole heap of the service: the service runs in its own JVM
 * with a 64 MiB heap (and as much direct memory), and 160 MiB are streamed in from a
 * generator and back out, checked by streaming digest on both sides.
 */
class LargeUploadTests {

	private static final long SIZE = 160L * 1024 * 1024;

	private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

	@TempDir
	Path root;

	private Process service;

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stopService() throws InterruptedException {
		if (this.service != null) {
			this.service.destroy();
			if (!this.service.waitFor(20, TimeUnit.SECONDS)) {
				this.service.destroyForcibly();
			}
		}
	}

	@Test
	void uploadLargerThanTheHeapIsStoredAndDownloadedByteForByte() throws Exception {
		int port = startService();
		Content content = new Content(160, SIZE);
		HttpRequest put = HttpRequest.newBuilder(uri(port, "/files/large/heap-buster.bin"))
			.timeout(Duration.ofMinutes(2))
			.PUT(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(content::stream), SIZE))
			.build();
		HttpResponse<String> stored = this.http.send(put, BodyHandlers.ofString());
		assertThat(stored.statusCode()).isEqualTo(201);
		String sha256 = content.sha256();
		assertThat(stored.body()).contains("\"size\":" + SIZE, sha256);
		HttpResponse<InputStream> download = this.http
			.send(HttpRequest.newBuilder(uri(port, "/files/large/heap-buster.bin"))
				.timeout(Duration.ofMinutes(2))
				.build(), BodyHandlers.ofInputStream());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
		assertThat(Content.sha256(download.body())).isEqualTo(sha256);
		assertThat(this.service.isAlive()).isTrue();
	}

	private int startService() throws Exception {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
				"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), DemoApplication.class.getName(),
				"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--demo.storage.directory=" + this.root.resolve("storage"), "--demo.max-upload-size=1GB"));
		builder.redirectErrorStream(true);
		this.service = builder.start();
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread output = new Thread(() -> watchOutput(this.service.getInputStream(), port), "service-output");
		output.setDaemon(true);
		output.start();
		return port.get(90, TimeUnit.SECONDS);
	}

	private static void watchOutput(InputStream output, CompletableFuture<Integer> port) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				System.out.println("[service] " + line);
				Matcher started = STARTED.matcher(line);
				if (started.find()) {
					port.complete(Integer.parseInt(started.group(1)));
				}
			}
			port.completeExceptionally(new IllegalStateException("Service stopped before it started"));
		}
		catch (Exception ex) {
			port.completeExceptionally(ex);
		}
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
