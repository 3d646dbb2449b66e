package dev.pump.benchmarks.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The plain WebFlux baseline: {@code PUT /files/{key}} is
 * {@code DataBufferUtils.write(request.getBody(), path)}, {@code GET /files/{key}} is
 * {@code DataBufferUtils.read(path, bufferFactory, 64 KiB)}, and {@code GET
 * /resources/{key}} is what a WebFlux user writes for a file download: the body is a
 * {@code FileSystemResource} (the same {@code ResourceHttpMessageWriter} as
 * {@code ResponseEntity.ok(new FileSystemResource(path))}), zero-copy on plain HTTP/1.1.
 * Functional endpoints on Reactor Netty, without Spring Boot. {@code ?unique=true} on a
 * PUT appends a counter to the key, so that concurrent uploads of one key write files of
 * their own.
 *
 * <p>
 * Usage: {@code WebFluxBaselineServer PORT DIRECTORY}, with the system properties of
 * {@link ServerTransport}.
 */
public final class WebFluxBaselineServer {

	private static final int READ_CHUNK_SIZE = 64 * 1024;

	private final Path directory;

	private final AtomicLong uploads = new AtomicLong();

	private WebFluxBaselineServer(Path directory) {
		this.directory = directory;
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path directory = Files.createDirectories(Path.of(args[1]));
		HttpHandler handler = RouterFunctions.toHttpHandler(new WebFluxBaselineServer(directory).routes());
		DisposableServer server = ServerTransport.apply(HttpServer.create().host("127.0.0.1").port(port))
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		System.out.println("READY webflux " + server.port() + " " + ServerTransport.describe());
		server.onDispose().block();
	}

	private RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.PUT("/files/{key}", this::upload)
			.GET("/files/{key}", this::download)
			.GET("/resources/{key}", this::resource)
			.build();
	}

	private Mono<ServerResponse> upload(ServerRequest request) {
		String key = request.pathVariable("key");
		if (request.queryParam("unique").isPresent()) {
			key = key + "." + this.uploads.incrementAndGet();
		}
		Flux<DataBuffer> body = request.exchange().getRequest().getBody();
		return DataBufferUtils.write(body, this.directory.resolve(key))
			.then(Mono.defer(() -> ServerResponse.status(HttpStatus.CREATED).build()));
	}

	private Mono<ServerResponse> download(ServerRequest request) {
		Path path = this.directory.resolve(request.pathVariable("key"));
		if (!Files.isRegularFile(path)) {
			return ServerResponse.notFound().build();
		}
		Flux<DataBuffer> content = DataBufferUtils.read(path, request.exchange().getResponse().bufferFactory(),
				READ_CHUNK_SIZE);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(path.toFile().length())
			.body(content, DataBuffer.class);
	}

	private Mono<ServerResponse> resource(ServerRequest request) {
		Path path = this.directory.resolve(request.pathVariable("key"));
		if (!Files.isRegularFile(path)) {
			return ServerResponse.notFound().build();
		}
		return ServerResponse.ok().bodyValue(new FileSystemResource(path));
	}

}
