package dev.pump.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pump.demo.storage.FileSystemStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a throttled storage, backpressure can be watched: the live upload pump pauses, its
 * write queue stays within its bound, and the only upload slot is taken, so another
 * upload is refused with 503.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.storage.throttle=1MB", "demo.max-concurrent-uploads=1",
				"demo.upload-retry-after=3s", "demo.read-timeout=2s", "pump.write-queue-max-size=128KB" })
class ThrottledStorageTests {

	private static final int KIB = 1024;

	private static final long WRITE_QUEUE_MAX = 128 * KIB;

	// Writes are always accepted: the pump pauses once the queue is full, so the queue
	// may
	// exceed its maximum by the buffer that filled it.
	private static final long LARGEST_BUFFER = 64 * KIB;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.toString());
	}

	@Test
	void throttledUploadPausesItsPumpWithinTheWriteQueueBound() throws Exception {
		Content content = new Content(77, 3 * 1024 * KIB);
		CompletableFuture<HttpResponse<String>> upload = this.http
			.sendAsync(put("/files/slow.bin", BodyPublishers.ofByteArray(content.bytes())), BodyHandlers.ofString());
		List<Double> queueSamples = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
			queueSamples.add(gauge("pump.write.queue"));
			return gauge("pump.paused") == 1.0;
		});
		HttpResponse<String> refused = this.http.send(put("/files/other", BodyPublishers.ofString("x")),
				BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
		while (!upload.isDone()) {
			queueSamples.add(gauge("pump.write.queue"));
			Thread.sleep(20);
		}
		assertThat(upload.get().statusCode()).isEqualTo(201);
		assertThat(upload.get().body()).contains(content.sha256());
		assertThat(queueSamples).isNotEmpty()
			.allSatisfy((queued) -> assertThat(queued).isLessThanOrEqualTo((double) WRITE_QUEUE_MAX + LARGEST_BUFFER));
		HttpResponse<InputStream> download = this.http.send(HttpRequest.newBuilder(uri("/files/slow.bin")).build(),
				BodyHandlers.ofInputStream());
		assertThat(Content.sha256(download.body())).isEqualTo(content.sha256());
	}

	@Test
	void stalledClientIsDisconnectedAndFreesItsUploadSlot() throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/stalled HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nonly a part");
			// The stalled upload holds the only slot...
			await().atMost(Duration.ofSeconds(10)).until(() -> temporaryFiles() == 1);
			assertThat(this.http
				.send(put("/files/during-the-stall", BodyPublishers.ofString("x")), BodyHandlers.discarding())
				.statusCode()).isEqualTo(503);
			// ...until the server gives up on it after the read timeout.
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				HttpResponse<String> put = this.http.send(put("/files/after-the-stall", BodyPublishers.ofString("x")),
						BodyHandlers.ofString());
				return put.statusCode() == 201;
			});
		}
		assertThat(root.resolve("stalled")).doesNotExist();
		await().atMost(Duration.ofSeconds(10)).until(() -> temporaryFiles() == 0);
	}

	private long temporaryFiles() throws IOException {
		try (Stream<Path> files = Files.list(root.resolve(FileSystemStorage.TEMPORARY_DIRECTORY))) {
			return files.count();
		}
	}

	private double gauge(String name) {
		return Search.in(this.meters)
			.name(name)
			.tag("pump.name", "upload")
			.gauges()
			.stream()
			.mapToDouble(Gauge::value)
			.filter((value) -> !Double.isNaN(value))
			.max()
			.orElse(0);
	}

	private HttpRequest put(String path, HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).PUT(body).build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
