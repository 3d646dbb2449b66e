package dev.pump.demo.web;

import java.net.URI;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
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
 * Keys are read from the raw path by {@link FileKeys}; errors are problem details.
 */
@RestController
class FilesController {

	private final Storage storage;

	private final Uploads uploads;

	private final MultipartUploads multipartUploads;

	private final Downloads downloads;

	FilesController(Storage storage, Uploads uploads, MultipartUploads multipartUploads, Downloads downloads) {
		this.storage = storage;
		this.uploads = uploads;
		this.multipartUploads = multipartUploads;
		this.downloads = downloads;
	}

	@PutMapping("/files/{*key}")
	Mono<ResponseEntity<UploadResult>> put(ServerHttpRequest request) {
		ObjectKey key = FileKeys.fromPath(request);
		long contentLength = request.getHeaders().getContentLength();
		ReadStream<DataBuffer> body = WebStreams.requestBody(request);
		this.uploads.admit(contentLength);
		return this.uploads.store("upload", key, body, this.uploads.maxUploadBytes(), contentLength)
			.map((stored) -> ResponseEntity.created(URI.create(FileKeys.PREFIX + stored.key())).body(stored))
			.doFinally((signal) -> this.uploads.finished());
	}

	@PostMapping("/files")
	Mono<ResponseEntity<List<UploadResult>>> post(ServerHttpRequest request) {
		long contentLength = request.getHeaders().getContentLength();
		this.multipartUploads.checkContentType(request);
		this.uploads.admit(contentLength);
		return this.multipartUploads.store(request)
			.map((stored) -> ResponseEntity.status(HttpStatus.CREATED).body(stored))
			.doFinally((signal) -> this.uploads.finished());
	}

	@GetMapping("/files/{*key}")
	Mono<Void> get(ServerWebExchange exchange) {
		ObjectKey key = FileKeys.fromPath(exchange.getRequest());
		boolean head = HttpMethod.HEAD.equals(exchange.getRequest().getMethod());
		return this.downloads.send(key, exchange, head);
	}

	@GetMapping("/files")
	Flux<ObjectDescriptor> list() {
		return this.storage.list().map(ObjectDescriptor::of);
	}

	@DeleteMapping("/files/{*key}")
	Mono<ResponseEntity<Void>> delete(ServerHttpRequest request) {
		ObjectKey key = FileKeys.fromPath(request);
		return this.storage.delete(key).map((deleted) -> {
			if (!deleted) {
				throw FileProblems.notFound();
			}
			return ResponseEntity.noContent().build();
		});
	}

}
