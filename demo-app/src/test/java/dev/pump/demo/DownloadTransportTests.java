package dev.pump.demo;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.netty.http.HttpProtocol;

import org.springframework.beans.factory.annotation.Autowired;
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
 * Downloads of the running service over HTTP/1.1 (zero-copy) and HTTP/2 without TLS (h2c,
 * copying): bytes, progress in the {@code pumps} endpoint and the meters, and a client
 * that stops reading.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=128MB" })
@AutoConfigureWebTestClient
class DownloadTransportTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int MIB = 1024 * 1024;

	// Far more than socket buffers and HTTP/2 windows hold.
	private static final Content LARGE = new Content(15, 96L * MIB + 13);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	private static boolean stored;

	@BeforeEach
	void storeLargeObject() throws Exception {
		if (stored) {
			return;
		}
		stored = true;
		HttpResponse<String> put = this.http.send(HttpRequest.newBuilder(uri("/files/large.bin"))
			.PUT(BodyPublishers.ofInputStream(LARGE::stream))
			.build(), BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(201);
	}

	@Test
	void http11DownloadIsByteForByte() throws Exception {
		HttpResponse<InputStream> get = this.http.send(HttpRequest.newBuilder(uri("/files/large.bin")).GET().build(),
				BodyHandlers.ofInputStream());
		assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(get.headers().firstValue("Content-Length")).hasValue(Long.toString(LARGE.size()));
		assertThat(Content.sha256(get.body())).isEqualTo(LARGE.sha256());
	}

	@Test
	void h2cDownloadIsByteForByte() {
		byte[] sha256 = reactor.netty.http.client.HttpClient.create()
			.protocol(HttpProtocol.H2C)
			.get()
			.uri(uri("/files/large.bin").toString())
			.responseContent()
			.reduce(digest(), (digest, buffer) -> {
				digest.update(buffer.nioBuffer());
				return digest;
			})
			.map(MessageDigest::digest)
			.block(TIMEOUT);
		assertThat(HexFormat.of().formatHex(sha256)).isEqualTo(LARGE.sha256());
	}

	@Test
	void zeroCopyDownloadShowsProgressAndPausesWhileClientDoesNotRead() throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("GET /files/large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			assertThat(raw.readHead()).startsWith("HTTP/1.1 200");
			Map<String, Object> pump = await().atMost(TIMEOUT)
				.until(this::liveDownload, (live) -> live != null && Boolean.TRUE.equals(live.get("paused")));
			assertThat(((Number) pump.get("bytes")).longValue()).isPositive().isLessThan(LARGE.size());
			assertThat(((Number) pump.get("expectedBytes")).longValue()).isEqualTo(LARGE.size());
			// A pump gets meters of its own after pump.metrics.per-pump-delay (100 ms).
			Gauge paused = await().atMost(TIMEOUT)
				.until(() -> this.meters.find("pump.paused").tag("pump.id", (String) pump.get("id")).gauge(),
						Objects::nonNull);
			assertThat(paused.value()).isEqualTo(1.0);
		}
		// The client went away: the download fails, and nothing is left running.
		await().atMost(TIMEOUT).until(() -> liveDownload() == null);
		assertThat(recentDownloads()).anyMatch((pump) -> "failure".equals(pump.get("outcome")));
	}

	@Test
	void slowH2cClientHoldsLittleMemory() {
		StalledClient stalled = new StalledClient();
		reactor.netty.http.client.HttpClient.create()
			.protocol(HttpProtocol.H2C)
			.get()
			.uri(uri("/files/large.bin").toString())
			.responseContent()
			.subscribe(stalled);
		try {
			Map<String, Object> pump = await().atMost(TIMEOUT)
				.until(this::liveDownload, (live) -> live != null && Boolean.TRUE.equals(live.get("paused")));
			// What the pump took and the client did not: the write queue and the HTTP/2
			// window, nowhere near the object.
			assertThat(((Number) pump.get("bytes")).longValue()).isPositive().isLessThan(16L * MIB);
			assertThat(((Number) pump.get("queuedBytes")).longValue()).isLessThanOrEqualTo(512L * 1024);
		}
		finally {
			stalled.dispose();
		}
		await().atMost(TIMEOUT).until(() -> liveDownload() == null);
	}

	private Map<String, Object> liveDownload() {
		List<Map<String, Object>> live = PumpsEndpoint.read(this.client).get("live");
		return live.stream().filter((pump) -> "download".equals(pump.get("name"))).findFirst().orElse(null);
	}

	private List<Map<String, Object>> recentDownloads() {
		return PumpsEndpoint.read(this.client)
			.get("recent")
			.stream()
			.filter((pump) -> "download".equals(pump.get("name")))
			.toList();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Takes the first buffer and asks for no more: the client stops reading.
	 */
	private static final class StalledClient extends BaseSubscriber<ByteBuf> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(ByteBuf buffer) {
			// Released by Reactor Netty once this returns.
		}

	}

}
