package dev.pump.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.Pump;
import dev.pump.PumpException;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.file.AsyncFileReadStream;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileWriteOptions;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code WebClient} bodies pumped to and from files over a real server.
 */
class WebClientTransferIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int SIZE = 3 * 1024 * 1024 + 11;

	private static final int CHUNK = 8191;

	private final TrackingDataBufferFactory serverBuffers = new TrackingDataBufferFactory();

	private final TrackingDataBufferFactory clientBuffers = new TrackingDataBufferFactory();

	private final byte[] data = random(SIZE);

	@TempDir
	Path directory;

	private TestHttpServer server;

	private WebClient client;

	@BeforeEach
	void startServer() {
		this.server = new TestHttpServer(this::handle);
		this.client = WebClient.create(this.server.url(""));
	}

	@AfterEach
	void stopServerAndCheckBuffers() {
		this.server.close();
		this.serverBuffers.awaitAllReleased(TIMEOUT);
		this.clientBuffers.awaitAllReleased(TIMEOUT);
	}

	@Test
	void responseBodyIsPumpedIntoFile() throws Exception {
		Path target = this.directory.resolve("copy.bin");
		Mono<Long> copy = this.client.get()
			.uri("/data")
			.exchangeToMono((response) -> Pump
				.pump(WebStreams.clientResponseBody(response),
						open(target, FileWriteOptions.defaults().forceOnEnd().deleteOnAbort()))
				.start()
				.completion());
		StepVerifier.create(copy).expectNext((long) SIZE).expectComplete().verify(TIMEOUT);
		assertThat(Files.readAllBytes(target)).isEqualTo(this.data);
	}

	@Test
	void fileIsPumpedIntoRequestBody() throws Exception {
		Path source = Files.write(this.directory.resolve("source.bin"), this.data);
		DataBufferWriteStream body = WebStreams.clientRequestBody();
		Pump pump = Pump.pump(AsyncFileReadStream.open(source, this.clientBuffers, CHUNK, 0, -1), body).start();
		Mono<Void> upload = this.client.put()
			.uri("/upload")
			.body(WebStreams.bodyInserter(body))
			.retrieve()
			.toBodilessEntity()
			.then();
		StepVerifier.create(upload).expectComplete().verify(TIMEOUT);
		StepVerifier.create(pump.completion()).expectNext((long) SIZE).expectComplete().verify(TIMEOUT);
		assertThat(Files.readAllBytes(this.directory.resolve("uploaded.bin"))).isEqualTo(this.data);
	}

	@Test
	void destinationFailureMidDownloadFailsPumpAndReleasesEverything() {
		Path full = Path.of("/dev/full");
		assumeThat(Files.isWritable(full)).isTrue();
		Mono<Long> copy = this.client.get()
			.uri("/data")
			.exchangeToMono((response) -> Pump
				.pump(WebStreams.clientResponseBody(response), open(full, FileWriteOptions.defaults()))
				.start()
				.completion());
		StepVerifier.create(copy)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PumpException.class)
				.hasRootCauseInstanceOf(IOException.class)
				.hasMessageContaining("No space left on device"))
			.verify(TIMEOUT);
	}

	@Test
	void cancelMidDownloadDeletesPartialFile() {
		Path target = this.directory.resolve("copy.bin");
		AtomicReference<Pump> pump = new AtomicReference<>();
		Mono<Long> copy = this.client.get().uri("/data?slow").exchangeToMono((response) -> {
			pump.set(Pump
				.pump(WebStreams.clientResponseBody(response),
						open(target, FileWriteOptions.defaults().deleteOnAbort()))
				.start());
			return pump.get().completion();
		});
		StepVerifier.create(copy)
			.then(() -> await().atMost(TIMEOUT).until(() -> pump.get() != null && pump.get().bytesPumped() > 0))
			.then(() -> pump.get().cancel())
			.expectError(CancellationException.class)
			.verify(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> !Files.exists(target));
	}

	private Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		if (request.getPath().value().equals("/upload")) {
			return DataBufferUtils.write(request.getBody(), this.directory.resolve("uploaded.bin"))
				.then(Mono.defer(response::setComplete));
		}
		Flux<Integer> indexes = Flux.range(0, (SIZE + CHUNK - 1) / CHUNK);
		if (request.getQueryParams().containsKey("slow")) {
			// Delayed before allocation: no buffer waits in the delay operator.
			indexes = indexes.delayElements(Duration.ofMillis(5));
		}
		return response.writeWith(indexes.map((i) -> this.serverBuffers
			.wrap(Arrays.copyOfRange(this.data, i * CHUNK, Math.min(SIZE, (i + 1) * CHUNK)))));
	}

	private static AsyncFileWriteStream open(Path path, FileWriteOptions options) {
		try {
			return AsyncFileWriteStream.open(path, options);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
