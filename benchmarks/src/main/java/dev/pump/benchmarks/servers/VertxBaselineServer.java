package dev.pump.benchmarks.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The Vert.x 5 baseline: {@code PUT /files/{key}} is {@code request.pipeTo(asyncFile)},
 * {@code GET /files/{key}} is {@code asyncFile.pipeTo(response)} with 64 KiB reads, and
 * {@code GET /sendfile/{key}} is what a Vert.x user writes for a file download:
 * {@code response.sendFile(path)} (zero-copy). {@code ?unique=true} on a PUT appends a
 * counter to the key, so that concurrent uploads of one key write files of their own.
 *
 * <p>
 * Usage: {@code VertxBaselineServer PORT DIRECTORY}.
 */
public final class VertxBaselineServer {

	private static final String PREFIX = "/files/";

	private static final String SENDFILE_PREFIX = "/sendfile/";

	private static final int READ_CHUNK_SIZE = 64 * 1024;

	private final Vertx vertx;

	private final Path directory;

	private final AtomicLong uploads = new AtomicLong();

	private VertxBaselineServer(Vertx vertx, Path directory) {
		this.vertx = vertx;
		this.directory = directory;
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path directory = Files.createDirectories(Path.of(args[1]));
		Vertx vertx = Vertx.vertx();
		VertxBaselineServer server = new VertxBaselineServer(vertx, directory);
		int bound = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
			.requestHandler(server::handle)
			.listen()
			.await()
			.actualPort();
		System.out.println("READY vertx " + bound);
	}

	private void handle(HttpServerRequest request) {
		String path = request.path();
		if (path.startsWith(SENDFILE_PREFIX) && request.method() == HttpMethod.GET) {
			Path file = this.directory.resolve(path.substring(SENDFILE_PREFIX.length()));
			if (!Files.isRegularFile(file)) {
				request.response().setStatusCode(404).end();
				return;
			}
			request.response().putHeader("Content-Type", "application/octet-stream").sendFile(file.toString());
			return;
		}
		if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
			request.response().setStatusCode(404).end();
			return;
		}
		String key = path.substring(PREFIX.length());
		if (request.method() == HttpMethod.PUT) {
			upload(request, (request.getParam("unique") != null) ? key + "." + this.uploads.incrementAndGet() : key);
		}
		else if (request.method() == HttpMethod.GET) {
			download(request, key);
		}
		else {
			request.response().setStatusCode(405).end();
		}
	}

	private void upload(HttpServerRequest request, String key) {
		request.pause();
		OpenOptions options = new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true);
		this.vertx.fileSystem()
			.open(this.directory.resolve(key).toString(), options)
			.onFailure((failure) -> fail(request.response(), failure))
			.onSuccess((file) -> request.pipeTo(file)
				.onSuccess((ignored) -> request.response().setStatusCode(201).end())
				.onFailure((failure) -> fail(request.response(), failure)));
	}

	private void download(HttpServerRequest request, String key) {
		Path path = this.directory.resolve(key);
		long size;
		try {
			size = Files.size(path);
		}
		catch (IOException ex) {
			request.response().setStatusCode(404).end();
			return;
		}
		HttpServerResponse response = request.response();
		OpenOptions options = new OpenOptions().setRead(true).setWrite(false).setCreate(false);
		this.vertx.fileSystem()
			.open(path.toString(), options)
			.onFailure((failure) -> fail(response, failure))
			.onSuccess((file) -> {
				response.putHeader("Content-Type", "application/octet-stream");
				response.putHeader("Content-Length", Long.toString(size));
				pipe(file, response);
			});
	}

	private static void pipe(AsyncFile file, HttpServerResponse response) {
		file.setReadBufferSize(READ_CHUNK_SIZE);
		file.pipeTo(response);
	}

	private static void fail(HttpServerResponse response, Throwable failure) {
		if (!response.ended()) {
			response.setStatusCode(500).end(String.valueOf(failure));
		}
	}

}
