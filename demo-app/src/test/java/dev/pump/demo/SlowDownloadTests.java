package dev.pump.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A zero-copy download to a client that reads at about 1 MB/s, watched as an operator
 * watches it: the {@code pump_paused} gauge of its pump in the Prometheus scrape reads 1
 * while the client is behind, and {@code /actuator/pumps} shows its bytes growing towards
 * the expected size. A client that goes away fails the pump and closes the file.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=128MB" })
@AutoConfigureWebTestClient
@AutoConfigureMetrics
class SlowDownloadTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int MIB = 1024 * 1024;

	// Far more than the client reads while the test watches.
	private static final Content OBJECT = new Content(16, 64L * MIB + 3);

	private static final long BYTES_PER_SECOND = 1_000_000;

	private static final Duration WATCHED = Duration.ofSeconds(5);

	private static final Duration POLL = Duration.ofMillis(250);

	private static final Pattern PAUSED = Pattern.compile("^pump_paused\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void pumpOfAClientReadingAtOneMegabytePerSecondIsPausedWhileItsBytesGrow() throws Exception {
		store("slow.bin");
		Path file = root.resolve("storage").resolve("slow.bin").toRealPath();
		List<Sample> samples = new ArrayList<>();
		String id;
		try (SlowReader reader = SlowReader.start(this.port, "/files/slow.bin")) {
			Map<String, Object> live = await().atMost(TIMEOUT).until(this::liveDownload, (pump) -> pump != null);
			id = (String) live.get("id");
			assertThat(((Number) live.get("expectedBytes")).longValue()).isEqualTo(OBJECT.size());
			// A pump gets meters of its own after pump.metrics.per-pump-delay (100 ms).
			await().atMost(TIMEOUT).until(() -> scrape().contains("pump_id=\"" + id + "\""));
			long end = System.nanoTime() + WATCHED.toNanos();
			while (System.nanoTime() < end) {
				samples.add(sample(id));
				Thread.sleep(POLL.toMillis());
			}
			assertThat(openDescriptors(file)).isEqualTo(1);
			// About 1 MB/s: the client did read, far from the whole object.
			assertThat(reader.bytesRead()).isBetween(WATCHED.toSeconds() * BYTES_PER_SECOND / 2, 16L * MIB);
		}
		// Paused most of the time: the client is far behind what the server could send.
		assertThat(samples).as("samples").hasSizeGreaterThanOrEqualTo(10);
		assertThat(samples).filteredOn(Sample::prometheusPaused)
			.as("paused in the scrape: %s", samples)
			.hasSizeGreaterThan(samples.size() / 2);
		assertThat(samples).filteredOn(Sample::endpointPaused)
			.as("paused in the endpoint: %s", samples)
			.hasSizeGreaterThan(samples.size() / 2);
		// And moving: the bytes grow, region by region, as the client reads.
		assertThat(growths(samples)).as("bytes grew between polls: %s", samples).isGreaterThanOrEqualTo(3);
		assertThat(samples).allSatisfy((sample) -> assertThat(sample.bytes()).isPositive().isLessThan(OBJECT.size()));
		// The client went away: the pump fails, and the file is closed.
		Map<String, Object> ended = await().atMost(TIMEOUT).until(() -> recentDownload(id), (pump) -> pump != null);
		assertThat(ended.get("outcome")).isEqualTo("failure");
		await().atMost(TIMEOUT).until(() -> openDescriptors(file) == 0);
	}

	private static long growths(List<Sample> samples) {
		long growths = 0;
		for (int i = 1; i < samples.size(); i++) {
			if (samples.get(i).bytes() > samples.get(i - 1).bytes()) {
				growths++;
			}
		}
		return growths;
	}

	private Sample sample(String id) {
		Map<String, Object> live = liveDownload();
		assertThat(live).as("download still live").isNotNull();
		assertThat(live.get("id")).isEqualTo(id);
		return new Sample(((Number) live.get("bytes")).longValue(), Boolean.TRUE.equals(live.get("paused")),
				prometheusPaused(id));
	}

	/**
	 * Return whether the {@code pump_paused} gauge of the pump reads 1 in a scrape.
	 */
	private boolean prometheusPaused(String id) {
		String scrape = scrape();
		Matcher sample = PAUSED.matcher(scrape);
		while (sample.find()) {
			if (sample.group(1).contains("pump_id=\"" + id + "\"")) {
				return Double.parseDouble(sample.group(2)) == 1.0;
			}
		}
		throw new AssertionError("No pump_paused sample for pump " + id + " in:\n" + scrape);
	}

	private String scrape() {
		return this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private void store(String name) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		int status = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/files/" + name))
				.PUT(BodyPublishers.ofInputStream(OBJECT::stream))
				.build(), BodyHandlers.discarding())
			.statusCode();
		assertThat(status).isEqualTo(201);
	}

	private Map<String, Object> liveDownload() {
		return PumpsEndpoint.read(this.client)
			.get("live")
			.stream()
			.filter((pump) -> "download".equals(pump.get("name")))
			.findFirst()
			.orElse(null);
	}

	private Map<String, Object> recentDownload(String id) {
		return PumpsEndpoint.read(this.client)
			.get("recent")
			.stream()
			.filter((pump) -> id.equals(pump.get("id")))
			.findFirst()
			.orElse(null);
	}

	private static long openDescriptors(Path file) throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.filter((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).equals(file);
				}
				catch (IOException ex) {
					return false;
				}
			}).count();
		}
	}

	private record Sample(long bytes, boolean endpointPaused, boolean prometheusPaused) {

	}

	/**
	 * A raw HTTP/1.1 client on a socket with a small receive buffer that reads the body
	 * at about {@value #BYTES_PER_SECOND} bytes per second on its own thread, until
	 * closed.
	 */
	private static final class SlowReader implements AutoCloseable {

		private final Socket socket;

		private final Thread thread;

		private final AtomicLong read = new AtomicLong();

		private SlowReader(Socket socket) {
			this.socket = socket;
			this.thread = new Thread(this::read, "slow-reader");
			this.thread.setDaemon(true);
		}

		static SlowReader start(int port, String path) throws IOException {
			Socket socket = new Socket();
			// Before connecting, so that the window the client offers stays small.
			socket.setReceiveBufferSize(16 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			SlowReader reader = new SlowReader(socket);
			reader.thread.start();
			return reader;
		}

		long bytesRead() {
			return this.read.get();
		}

		private void read() {
			byte[] chunk = new byte[8 * 1024];
			long start = System.nanoTime();
			try {
				InputStream in = this.socket.getInputStream();
				while (!this.socket.isClosed()) {
					long due = this.read.get() * TimeUnit.SECONDS.toNanos(1) / BYTES_PER_SECOND;
					long ahead = due - (System.nanoTime() - start);
					if (ahead > 0) {
						Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ahead) + 1);
					}
					int n = in.read(chunk);
					if (n < 0) {
						return;
					}
					this.read.addAndGet(n);
				}
			}
			catch (IOException | InterruptedException ex) {
				// Closed by the test.
			}
		}

		@Override
		public void close() throws IOException {
			// A reset, as a client that is killed: the server learns at once.
			this.socket.setSoLinger(true, 0);
			this.socket.close();
			try {
				this.thread.join(TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
