package dev.pump.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import dev.pump.PumpOutcome;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import dev.pump.registry.PumpSnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.handler.ResponseStatusExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FileResponses#serve} over real sockets, on every transport: bytes, headers,
 * progress and pauses in the registry, and a client that goes away.
 */
class FileResponsesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int MIB = 1024 * 1024;

	// Not a multiple of a region or a chunk.
	private static final int SIZE = 5 * MIB + 7;

	// Far more than socket buffers and HTTP/2 windows hold: a client that stops reading
	// stops the transfer.
	private static final long LARGE = 256L * MIB;

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory pumps = new DefaultPumpFactory(this.registry, 256 * 1024);

	private FileResponseOptions options = FileResponseOptions.defaults();

	private boolean decorate;

	@TempDir
	Path directory;

	private DisposableServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void fileIsSentByteForByteAndCounted(Transport transport) throws Exception {
		byte[] data = write("file.bin", random(SIZE));
		this.server = transport.start(handler());
		Download download = get(transport, "/file.bin", null);
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(data);
		PumpSnapshot pump = finishedPump();
		assertThat(pump.outcome()).isEqualTo(PumpOutcome.SUCCESS);
		assertThat(pump.bytes()).isEqualTo(SIZE);
		assertThat(pump.expectedBytes()).isEqualTo(SIZE);
	}

	@Test
	void zeroCopyRegionsArriveInOrderWhicheverThreadWritesThem() throws Exception {
		// The first regions are written by the thread that starts the pump, the next ones
		// on the event loop as the socket drains: a region written on the loop must never
		// overtake one still waiting to be run there.
		byte[] data = write("file.bin", random(SIZE));
		this.server = Transport.PLAIN.start(handler());
		for (int i = 0; i < 20; i++) {
			Download download = get(Transport.PLAIN, "/file.bin", null);
			assertThat(download.status()).isEqualTo(200);
			assertThat(download.body()).as("download %d", i).isEqualTo(data);
		}
	}

	@Test
	void zeroCopyResponsesKeepTheConnectionAlive() throws Exception {
		byte[] data = write("file.bin", random(SIZE));
		this.server = Transport.PLAIN.start(handler());
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			for (int i = 0; i < 2; i++) {
				socket.getOutputStream()
					.write("GET /file.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				String head = readHead(socket.getInputStream());
				assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + SIZE);
				assertThat(socket.getInputStream().readNBytes(SIZE)).isEqualTo(data);
			}
		}
		await().atMost(TIMEOUT).until(() -> this.registry.recent().size() == 2);
		assertThat(this.registry.recent()).allMatch((pump) -> pump.outcome() == PumpOutcome.SUCCESS);
	}

	@Test
	void decoratedResponseIsSentByteForByte() throws Exception {
		byte[] data = write("file.bin", random(SIZE));
		this.decorate = true;
		this.server = Transport.PLAIN.start(handler());
		Download download = get(Transport.PLAIN, "/file.bin", null);
		assertThat(download.body()).isEqualTo(data);
		assertThat(finishedPump().bytes()).isEqualTo(SIZE);
	}

	@Test
	void plainDownloadSendsLengthAndAcceptsRanges() throws Exception {
		write("file.bin", random(SIZE));
		this.server = Transport.PLAIN.start(handler());
		Download download = get(Transport.PLAIN, "/file.bin", null);
		assertThat(download.headers().get("Content-Length")).isEqualTo(String.valueOf(SIZE));
		assertThat(download.headers().get("Accept-Ranges")).isEqualTo("bytes");
		assertThat(download.headers().get("Content-Type")).isEqualTo("application/octet-stream");
	}

	@ParameterizedTest
	@EnumSource(value = Transport.class, names = { "PLAIN", "H2" })
	void rangeIsSentAsPartialContent(Transport transport) throws Exception {
		byte[] data = write("file.bin", random(SIZE));
		this.server = transport.start(handler());
		Download download = get(transport, "/file.bin", "bytes=1000-3000999");
		assertThat(download.status()).isEqualTo(206);
		assertThat(download.headers().get("Content-Range")).isEqualTo("bytes 1000-3000999/" + SIZE);
		assertThat(download.body()).isEqualTo(Arrays.copyOfRange(data, 1000, 3001000));
		assertThat(finishedPump().bytes()).isEqualTo(3_000_000);
	}

	@Test
	void suffixRangeIsSentAsPartialContent() throws Exception {
		byte[] data = write("file.bin", random(SIZE));
		this.server = Transport.PLAIN.start(handler());
		Download download = get(Transport.PLAIN, "/file.bin", "bytes=-10");
		assertThat(download.status()).isEqualTo(206);
		assertThat(download.body()).isEqualTo(Arrays.copyOfRange(data, SIZE - 10, SIZE));
	}

	@Test
	void rangeOutsideOfFileIsNotSatisfiable() throws Exception {
		write("file.bin", random(100));
		this.server = Transport.PLAIN.start(handler());
		Download download = get(Transport.PLAIN, "/file.bin", "bytes=100-200");
		assertThat(download.status()).isEqualTo(416);
		assertThat(download.headers().get("Content-Range")).isEqualTo("bytes */100");
		assertThat(this.registry.recent()).isEmpty();
	}

	@Test
	void missingFileIsNotFound() {
		this.server = Transport.PLAIN.start(handler());
		assertThat(get(Transport.PLAIN, "/missing.bin", null).status()).isEqualTo(404);
	}

	@Test
	void directoryIsNotFound() throws Exception {
		Files.createDirectory(this.directory.resolve("folder"));
		this.server = Transport.PLAIN.start(handler());
		assertThat(get(Transport.PLAIN, "/folder", null).status()).isEqualTo(404);
	}

	@Test
	void matchingEtagIsNotModified() throws Exception {
		write("file.bin", random(SIZE));
		this.options = this.options.withEtag("\"v1\"");
		this.server = Transport.PLAIN.start(handler());
		Download download = Transport.PLAIN.client()
			.headers((headers) -> headers.set("If-None-Match", "\"v1\""))
			.get()
			.uri(Transport.PLAIN.url(this.server, "/file.bin"))
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Download(response.status().code(), response.responseHeaders(), bytes)))
			.block(TIMEOUT);
		assertThat(download.status()).isEqualTo(304);
		assertThat(download.headers().get("ETag")).isEqualTo("\"v1\"");
		assertThat(download.body()).isEmpty();
		assertThat(this.registry.recent()).isEmpty();
	}

	@Test
	void headSendsHeadersWithoutBody() throws Exception {
		write("file.bin", random(SIZE));
		this.server = Transport.PLAIN.start(handler());
		Download download = Transport.PLAIN.client()
			.head()
			.uri(Transport.PLAIN.url(this.server, "/file.bin"))
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Download(response.status().code(), response.responseHeaders(), bytes)))
			.block(TIMEOUT);
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.headers().get("Content-Length")).isEqualTo(String.valueOf(SIZE));
		assertThat(download.body()).isEmpty();
		assertThat(this.registry.recent()).isEmpty();
	}

	@Test
	void zeroCopyPumpShowsProgressAndPausesWhileClientDoesNotRead() throws Exception {
		Path file = sparse("large.bin", LARGE);
		this.server = Transport.PLAIN.start(handler());
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.getOutputStream()
				.write("GET /large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			in.readNBytes(100_000);
			ManagedPump pump = await().atMost(TIMEOUT).until(this::livePump, (live) -> live != null && live.isPaused());
			PumpSnapshot paused = pump.snapshot();
			assertThat(paused.bytes()).isPositive().isLessThan(LARGE);
			// Zero-copy: the pump moves whole regions.
			assertThat(paused.bytes() % FileRegionReadStream.DEFAULT_REGION_SIZE).isZero();
			assertThat(paused.expectedBytes()).isEqualTo(LARGE);
			assertThat(paused.queuedBytes()).isPositive();
			assertThat(openDescriptors(file)).isEqualTo(1);
		}
		// The client went away: the pump fails and the file is closed.
		assertThat(finishedPump().outcome()).isEqualTo(PumpOutcome.FAILURE);
		await().atMost(TIMEOUT).until(() -> openDescriptors(file) == 0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void pumpPausesWhileClientDoesNotReadAndEndsWhenItGoesAway(Transport transport) throws Exception {
		Path file = sparse("large.bin", LARGE);
		this.server = transport.start(handler());
		StalledClient client = new StalledClient();
		transport.client().get().uri(transport.url(this.server, "/large.bin")).responseContent().subscribe(client);
		try {
			ManagedPump pump = await().atMost(TIMEOUT).until(this::livePump, (live) -> live != null && live.isPaused());
			assertThat(pump.bytesPumped()).isPositive().isLessThan(LARGE);
			assertThat(pump.expectedBytes()).hasValue(LARGE);
		}
		finally {
			client.dispose();
		}
		assertThat(finishedPump().outcome()).isNotEqualTo(PumpOutcome.SUCCESS);
		await().atMost(TIMEOUT).until(() -> openDescriptors(file) == 0);
	}

	private HttpHandler handler() {
		return WebHttpHandlerBuilder.webHandler(this::serve)
			.exceptionHandler(new ResponseStatusExceptionHandler())
			.build();
	}

	private Mono<Void> serve(ServerWebExchange exchange) {
		if (this.decorate) {
			exchange = exchange.mutate().response(new ServerHttpResponseDecorator(exchange.getResponse())).build();
		}
		Path path = this.directory.resolve(exchange.getRequest().getPath().value().substring(1));
		return FileResponses.serve(this.pumps, exchange, path, this.options);
	}

	private Download get(Transport transport, String path, String range) {
		return transport.client().headers((headers) -> {
			if (range != null) {
				headers.set("Range", range);
			}
		})
			.get()
			.uri(transport.url(this.server, path))
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Download(response.status().code(), response.responseHeaders(), bytes)))
			.block(TIMEOUT);
	}

	private ManagedPump livePump() {
		List<ManagedPump> live = this.registry.live();
		return live.isEmpty() ? null : live.get(0);
	}

	private PumpSnapshot finishedPump() {
		return await().atMost(TIMEOUT).until(() -> {
			List<PumpSnapshot> recent = this.registry.recent();
			return recent.isEmpty() ? null : recent.get(0);
		}, (snapshot) -> snapshot != null);
	}

	private byte[] write(String name, byte[] data) throws IOException {
		Files.write(this.directory.resolve(name), data);
		return data;
	}

	private Path sparse(String name, long size) throws IOException {
		Path file = this.directory.resolve(name);
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.setLength(size);
		}
		return file;
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			head.append((char) next);
		}
		return head.toString().toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
	}

	private static long openDescriptors(Path file) throws IOException {
		Path real = file.toRealPath();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.filter((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).equals(real);
				}
				catch (IOException ex) {
					return false;
				}
			}).count();
		}
	}

	private static byte[] random(int size) {
		byte[] data = new byte[size];
		ThreadLocalRandom.current().nextBytes(data);
		return data;
	}

	private record Download(int status, HttpHeaders headers, byte[] body) {

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
