package dev.pump.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import dev.pump.Pump;
import dev.pump.file.AsyncFileReadStream;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileWriteOptions;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's examples over real sockets: an HTTP upload pumped into a file, a file pumped
 * into an HTTP download, and aborts on the way.
 */
class HttpTransferIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	// Not a multiple of any buffer size on the way.
	private static final int SIZE = 5 * 1024 * 1024 + 7;

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private final CompletableFuture<String> serverOutcome = new CompletableFuture<>();

	@TempDir
	Path directory;

	private TestHttpServer server;

	@AfterEach
	void stopServerAndCheckBuffers() {
		if (this.server != null) {
			this.server.close();
		}
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void uploadIsPumpedIntoFileByteForByte() throws Exception {
		byte[] data = random(SIZE);
		Path source = write("source.bin", data);
		this.server = new TestHttpServer(this::upload);
		HttpStatus status = WebClient.create(this.server.url("/upload"))
			.put()
			.body(BodyInserters.fromDataBuffers(DataBufferUtils.read(source, this.bufferFactory, 8000)))
			.retrieve()
			.toBodilessEntity()
			.map((entity) -> HttpStatus.valueOf(entity.getStatusCode().value()))
			.block(TIMEOUT);
		assertThat(status).isEqualTo(HttpStatus.CREATED);
		assertThat(this.serverOutcome).succeedsWithin(TIMEOUT).isEqualTo("pumped " + SIZE);
		assertThat(Files.readAllBytes(uploaded())).isEqualTo(data);
	}

	@Test
	void fileIsPumpedIntoDownloadByteForByte() throws Exception {
		byte[] data = random(SIZE);
		write("source.bin", data);
		this.server = new TestHttpServer(this::download);
		Path downloaded = this.directory.resolve("downloaded.bin");
		Mono<Void> copy = DataBufferUtils.write(WebClient.create(this.server.url("/download"))
			.get()
			.retrieve()
			.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class), downloaded);
		StepVerifier.create(copy).expectComplete().verify(TIMEOUT);
		assertThat(this.serverOutcome).succeedsWithin(TIMEOUT).isEqualTo("pumped " + SIZE);
		assertThat(Files.readAllBytes(downloaded)).isEqualTo(data);
	}

	@Test
	void clientDisconnectMidUploadDeletesPartialFile() throws Exception {
		this.server = new TestHttpServer(this::upload);
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + SIZE + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(random(1024 * 1024 + ThreadLocalRandom.current().nextInt(100_000)));
			out.flush();
			await().atMost(TIMEOUT).until(() -> Files.exists(uploaded()) && Files.size(uploaded()) > 0);
		}
		assertThat(this.serverOutcome).succeedsWithin(TIMEOUT).asString().startsWith("failed");
		await().atMost(TIMEOUT).until(() -> !Files.exists(uploaded()));
	}

	@Test
	void clientDisconnectMidDownloadClosesFile() throws Exception {
		write("source.bin", random(64 * 1024 * 1024));
		CompletableFuture<AsyncFileReadStream> opened = new CompletableFuture<>();
		this.server = new TestHttpServer((request, response) -> download(request, response, opened));
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.getOutputStream()
				.write("GET /download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			in.readNBytes(ThreadLocalRandom.current().nextInt(10_000, 2_000_000));
		}
		assertThat(this.serverOutcome).succeedsWithin(TIMEOUT).asString().doesNotStartWith("pumped");
		AsyncFileReadStream file = opened.get();
		await().atMost(TIMEOUT).until(() -> !file.isOpen());
	}

	@Test
	void completionTimeoutAbortsStalledUpload() throws Exception {
		this.server = new TestHttpServer((request, response) -> upload(request, response, Duration.ofMillis(300)));
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + SIZE + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(random(100_000));
			out.flush();
			assertThat(this.serverOutcome).succeedsWithin(TIMEOUT).asString().contains("Timeout");
		}
		await().atMost(TIMEOUT).until(() -> !Files.exists(uploaded()));
	}

	private Mono<Void> upload(ServerHttpRequest request, ServerHttpResponse response) {
		return upload(request, response, TIMEOUT);
	}

	private Mono<Void> upload(ServerHttpRequest request, ServerHttpResponse response, Duration timeout) {
		return Mono.defer(() -> {
			AsyncFileWriteStream file = open(() -> AsyncFileWriteStream.open(uploaded(),
					FileWriteOptions.defaults().forceOnEnd().deleteOnAbort()));
			Pump pump = Pump.pump(WebStreams.requestBody(request), file, 256 * 1024).start();
			return record(pump.completion().timeout(timeout))
				.doOnSuccess((bytes) -> response.setStatusCode(HttpStatus.CREATED))
				// A bare HttpHandler commits the response itself (WebFlux would).
				.then(Mono.defer(response::setComplete));
		});
	}

	private Mono<Void> download(ServerHttpRequest request, ServerHttpResponse response) {
		return download(request, response, new CompletableFuture<>());
	}

	private Mono<Void> download(ServerHttpRequest request, ServerHttpResponse response,
			CompletableFuture<AsyncFileReadStream> opened) {
		return Mono.defer(() -> {
			Path source = this.directory.resolve("source.bin");
			AsyncFileReadStream file = open(() -> AsyncFileReadStream.open(source, this.bufferFactory));
			opened.complete(file);
			response.getHeaders().setContentLength(source.toFile().length());
			return record(Pump.pump(file, WebStreams.responseBody(response)).start().completion()).then();
		});
	}

	private Mono<Long> record(Mono<Long> completion) {
		return completion.doOnSuccess((bytes) -> this.serverOutcome.complete("pumped " + bytes))
			.doOnError((ex) -> this.serverOutcome.complete("failed: " + ex))
			.doOnCancel(() -> this.serverOutcome.complete("cancelled"));
	}

	private Path uploaded() {
		return this.directory.resolve("uploaded.bin");
	}

	private Path write(String name, byte[] data) throws IOException {
		return Files.write(this.directory.resolve(name), data);
	}

	private static byte[] random(int size) {
		byte[] data = new byte[size];
		ThreadLocalRandom.current().nextBytes(data);
		return data;
	}

	private static <T> T open(IoSupplier<T> opener) {
		try {
			return opener.get();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface IoSupplier<T> {

		T get() throws IOException;

	}

}
