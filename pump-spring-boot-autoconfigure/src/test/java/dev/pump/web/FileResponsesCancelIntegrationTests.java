package dev.pump.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.pump.PumpOutcome;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.PumpRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.handler.ResponseStatusExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FileResponses#serve} when the client goes away at once: whether the request is
 * cancelled while the file is being opened, between its opening and the start of the
 * pump, or while the pump runs, the file is closed and no pump is left.
 */
class FileResponsesCancelIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	// Closed by the response, not later by the garbage collector that cleans up a
	// channel nobody closed.
	private static final Duration CLOSED_WITHIN = Duration.ofSeconds(10);

	private static final long SIZE = 64L * 1024 * 1024;

	private static final int CLIENTS = 300;

	private static final int CANCELS = 1000;

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory pumps = new DefaultPumpFactory(this.registry, 256 * 1024);

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
	@EnumSource(value = Transport.class, names = { "PLAIN", "COMPRESSED" })
	void clientsThatCloseAtOnceLeaveNoFileOpen(Transport transport) throws Exception {
		Path file = sparse("large.bin");
		this.server = transport.start(handler());
		byte[] request = ("GET /large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < CLIENTS; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
				// A reset, not a graceful close: the server learns at once.
				socket.setSoLinger(true, 0);
				OutputStream out = socket.getOutputStream();
				out.write(request);
				out.flush();
				if (i % 3 == 1) {
					// Some wait for the response to start: cancelled while the pump runs.
					assertThat(socket.getInputStream().read()).isNotNegative();
				}
			}
		}
		await().atMost(CLOSED_WITHIN).untilAsserted(() -> {
			assertThat(this.registry.live()).isEmpty();
			assertThat(openDescriptors(file)).isZero();
		});
		assertThat(this.registry.recent()).isNotEmpty().noneMatch((pump) -> pump.outcome() == PumpOutcome.SUCCESS);
	}

	@ParameterizedTest
	@EnumSource(value = Transport.class, names = { "PLAIN", "COMPRESSED" })
	void servesCancelledAtAnyPointLeaveNoFileOpen(Transport transport) throws Exception {
		Path file = sparse("large.bin");
		AtomicLong cancels = new AtomicLong();
		// Cancelled after 0 to 300 microseconds: while the file is opened on another
		// thread, once it is open, while the headers are sent, while the pump runs. Then
		// an empty answer, a little later so as not to race with what the cancelled call
		// was still doing to the headers.
		this.server = transport
			.start(handler((serve) -> serve.timeout(Duration.ofNanos(cancels.getAndIncrement() % 31 * 10_000),
					Mono.delay(Duration.ofMillis(5)).then())));
		byte[] request = ("GET /large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < CANCELS; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
				socket.setSoLinger(true, 0);
				socket.setSoTimeout((int) TIMEOUT.toMillis());
				socket.getOutputStream().write(request);
				// Every request gets an answer, if only the headers of an empty one.
				assertThat(socket.getInputStream().read()).isNotNegative();
			}
		}
		await().atMost(CLOSED_WITHIN).untilAsserted(() -> {
			assertThat(this.registry.live()).isEmpty();
			assertThat(openDescriptors(file)).isZero();
		});
		assertThat(cancels).hasValue(CANCELS);
		assertThat(this.registry.recent()).noneMatch((pump) -> pump.outcome() == PumpOutcome.SUCCESS);
	}

	private HttpHandler handler() {
		return handler(UnaryOperator.identity());
	}

	private HttpHandler handler(UnaryOperator<Mono<Void>> around) {
		return WebHttpHandlerBuilder.webHandler((exchange) -> around.apply(FileResponses.serve(this.pumps, exchange,
				this.directory.resolve(exchange.getRequest().getPath().value().substring(1)),
				FileResponseOptions.defaults())))
			.exceptionHandler(new ResponseStatusExceptionHandler())
			.build();
	}

	private Path sparse(String name) throws IOException {
		Path file = this.directory.resolve(name);
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.setLength(SIZE);
		}
		return file;
	}

	/**
	 * Count the descriptors of this process open on the file, as Linux lists them.
	 */
	static long openDescriptors(Path file) throws IOException {
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

}
