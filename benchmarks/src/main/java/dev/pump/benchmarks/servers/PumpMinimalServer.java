package dev.pump.benchmarks.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileWriteOptions;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.PumpRegistry;
import dev.pump.web.FileResponseOptions;
import dev.pump.web.FileResponses;
import dev.pump.web.WebStreams;

/**
 * The pump library alone, doing what the baselines do and nothing more: {@code PUT
 * /files/{key}} pumps the request body into {@link AsyncFileWriteStream} (no digest, no
 * force, no rename), {@code GET /files/{key}} is {@link FileResponses#serve
 * FileResponses.serve}: a managed pump, zero-copy on plain HTTP/1.1, copying on TLS and
 * HTTP/2 (see {@link ServerTransport}). Functional endpoints on Reactor Netty, without
 * Spring Boot, like {@link WebFluxBaselineServer}; the same {@code ?unique=true}.
 *
 * <p>
 * Usage: {@code PumpMinimalServer PORT DIRECTORY [WRITE_QUEUE_BYTES]}, with the system
 * properties of {@link ServerTransport}.
 */
public final class PumpMinimalServer {

	/**
	 * The write queue of the file streams unless told otherwise: the service's default.
	 */
	public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 256 * 1024;

	private static final int READ_CHUNK_SIZE = 64 * 1024;

	private final Path directory;

	private final int writeQueueMaxSize;

	private final AtomicLong uploads = new AtomicLong();

	private final PumpFactory pumps;

	private PumpMinimalServer(Path directory, int writeQueueMaxSize) {
		this.directory = directory;
		this.writeQueueMaxSize = writeQueueMaxSize;
		this.pumps = new DefaultPumpFactory(new PumpRegistry(), writeQueueMaxSize);
	}

	public static void main(String[] args) throws Exception {
		int writeQueueMaxSize = (args.length > 2) ? Integer.parseInt(args[2]) : DEFAULT_WRITE_QUEUE_MAX_SIZE;
		DisposableServer server = start(Integer.parseInt(args[0]), Path.of(args[1]), writeQueueMaxSize);
		System.out.println("READY pump-minimal " + server.port() + " " + ServerTransport.describe());
		server.onDispose().block();
	}

	/**
	 * Start the server on 127.0.0.1.
	 * @param port the port, or 0 for any free one
	 * @param directory where the files go, created if needed
	 * @param writeQueueMaxSize the write queue of the file streams, in bytes
	 * @return the running server
	 * @throws Exception if the directory cannot be created or the transport configured
	 */
	public static DisposableServer start(int port, Path directory, int writeQueueMaxSize) throws Exception {
		PumpMinimalServer files = new PumpMinimalServer(Files.createDirectories(directory), writeQueueMaxSize);
		HttpHandler handler = RouterFunctions.toHttpHandler(files.routes());
		return ServerTransport.apply(HttpServer.create().host("127.0.0.1").port(port))
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
	}

	private RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route().PUT("/files/{key}", this::upload).GET("/files/{key}", this::download).build();
	}

	private Mono<ServerResponse> upload(ServerRequest request) {
		String key = request.pathVariable("key");
		if (request.queryParam("unique").isPresent()) {
			key = key + "." + this.uploads.incrementAndGet();
		}
		Path path = this.directory.resolve(key);
		return Mono.defer(() -> {
			try {
				AsyncFileWriteStream file = AsyncFileWriteStream.open(path,
						FileWriteOptions.defaults().deleteOnAbort());
				ReadStream<DataBuffer> body = WebStreams.requestBody(request.exchange().getRequest());
				return Pump.pump(body, file, this.writeQueueMaxSize).start().completion();
			}
			catch (IOException ex) {
				return Mono.error(ex);
			}
		}).then(Mono.defer(() -> ServerResponse.status(HttpStatus.CREATED).build()));
	}

	private Mono<ServerResponse> download(ServerRequest request) {
		Path path = this.directory.resolve(request.pathVariable("key"));
		// Writes the whole response; the ServerResponse only ends the handler.
		return FileResponses.serve(this.pumps, request.exchange(), path, FileResponseOptions.defaults())
			.then(Mono.empty());
	}

}
