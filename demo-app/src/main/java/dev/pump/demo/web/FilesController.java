package dev.pump.demo.web;

import java.net.URI;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.pump.ReadStream;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.web.WebStreams;

/**
 * The files API: raw and multipart uploads, downloads with ranges, listing and deletion.
 * Keys are read from the raw path by {@link FileKeys} and checked against the
 * {@link KeyScope} of the request; errors are problem details.
 */
@RestController
class FilesController {

	private final Storage storage;

	private final Uploads uploads;

	private final MultipartUploads multipartUploads;

	private final Downloads downloads;

	private final KeyScopes scopes;

	FilesController(Storage storage, Uploads uploads, MultipartUploads multipartUploads, Downloads downloads,
			KeyScopes scopes) {
		this.storage = storage;
		this.uploads = uploads;
		this.multipartUploads = multipartUploads;
		this.downloads = downloads;
		this.scopes = scopes;
	}

	@PutMapping("/files/{*key}")
	Mono<ResponseEntity<UploadResult>> put(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		ObjectKey key = FileKeys.fromPath(request);
		long contentLength = request.getHeaders().getContentLength();
		return inScope(key, exchange).flatMap((scoped) -> {
			ReadStream<DataBuffer> body = WebStreams.requestBody(request);
			return this.uploads
				.admitted(contentLength,
						() -> this.uploads.store("upload", scoped, body, this.uploads.maxUploadBytes(), contentLength))
				.map((stored) -> ResponseEntity.created(URI.create(FileKeys.PREFIX + stored.key())).body(stored));
		});
	}

	@PostMapping("/files")
	Mono<ResponseEntity<List<UploadResult>>> post(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		long contentLength = request.getHeaders().getContentLength();
		this.multipartUploads.checkContentType(request);
		return this.scopes.of(exchange).flatMap((scope) -> {
			return this.uploads.admitted(contentLength, () -> this.multipartUploads.store(request, scope))
				.map((stored) -> ResponseEntity.status(HttpStatus.CREATED).body(stored));
		});
	}

	@GetMapping("/files/{*key}")
	Mono<Void> get(ServerWebExchange exchange) {
		ObjectKey key = FileKeys.fromPath(exchange.getRequest());
		return inScope(key, exchange).flatMap((scoped) -> this.downloads.send(scoped, exchange));
	}

	@GetMapping("/files")
	Flux<ObjectDescriptor> list(ServerWebExchange exchange) {
		return this.scopes.of(exchange)
			.flatMapMany((scope) -> this.storage.list().filter((object) -> scope.permits(object.key())))
			.map(ObjectDescriptor::of);
	}

	@DeleteMapping("/files/{*key}")
	Mono<ResponseEntity<Void>> delete(ServerWebExchange exchange) {
		ObjectKey key = FileKeys.fromPath(exchange.getRequest());
		return inScope(key, exchange).flatMap(this.storage::delete).map((deleted) -> {
			if (!deleted) {
				throw FileProblems.notFound();
			}
			return ResponseEntity.noContent().build();
		});
	}

	/**
	 * The key, or a 403 if it is out of the scope of the request. With security on, the
	 * security filters already refused such a request before its body was read: this is
	 * the files API's own guard, which holds whoever fronts it.
	 */
	private Mono<ObjectKey> inScope(ObjectKey key, ServerWebExchange exchange) {
		return this.scopes.of(exchange).map((scope) -> {
			if (!scope.permits(key)) {
				throw FileProblems.outOfScope();
			}
			return key;
		});
	}

}
