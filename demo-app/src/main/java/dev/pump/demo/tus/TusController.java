package dev.pump.demo.tus;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.web.KeyScopes;
import dev.pump.web.WebStreams;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The tus 1.0 endpoint at {@code /uploads/}: core protocol and the extensions creation,
 * creation-with-upload, creation-defer-length, termination, checksum and expiration.
 * {@code Tus-Resumable} is added to every response by {@link TusResumableFilter}; errors
 * are problem details.
 */
@RestController
class TusController {

	static final String BASE = "/uploads/";

	private final TusUploads uploads;

	private final KeyScopes scopes;

	TusController(TusUploads uploads, KeyScopes scopes) {
		this.uploads = uploads;
		this.scopes = scopes;
	}

	@RequestMapping(path = { "/uploads", "/uploads/", "/uploads/{id}" }, method = RequestMethod.OPTIONS)
	ResponseEntity<Void> options() {
		return ResponseEntity.noContent()
			.header(TusHeaders.TUS_VERSION, TusHeaders.VERSION)
			.header(TusHeaders.TUS_EXTENSION, TusHeaders.EXTENSIONS)
			.header(TusHeaders.TUS_MAX_SIZE, Long.toString(this.uploads.maxSize()))
			.header(TusHeaders.TUS_CHECKSUM_ALGORITHM, TusHeaders.CHECKSUM_ALGORITHMS)
			.build();
	}

	@PostMapping({ "/uploads", "/uploads/" })
	Mono<ResponseEntity<Void>> create(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		TusHeaders.checkResumable(headers);
		long length = TusHeaders.number(headers, TusHeaders.UPLOAD_LENGTH);
		if (length < 0 && !"1".equals(headers.getFirst(TusHeaders.UPLOAD_DEFER_LENGTH))) {
			throw TusProblems.badRequest("Upload-Length or Upload-Defer-Length: 1 is required");
		}
		boolean withUpload = isChunk(headers);
		TusChecksum checksum = withUpload ? TusChecksum.parse(headers.getFirst(TusHeaders.UPLOAD_CHECKSUM)) : null;
		return this.scopes.of(exchange)
			.flatMap((scope) -> this.uploads.create((length >= 0) ? length : TusUpload.DEFERRED,
					headers.getFirst(TusHeaders.UPLOAD_METADATA), scope))
			.flatMap((created) -> (!withUpload || created.isComplete()) ? Mono.just(created)
					: this.uploads.append(created, WebStreams.requestBody(request), headers.getContentLength(),
							checksum))
			.map((upload) -> {
				ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create(BASE + upload.id()));
				if (withUpload) {
					response.header(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset()));
				}
				return withExpires(response, upload).build();
			});
	}

	@RequestMapping(path = "/uploads/{id}", method = RequestMethod.HEAD)
	Mono<ResponseEntity<Void>> head(@PathVariable String id, ServerWebExchange exchange) {
		TusHeaders.checkResumable(exchange.getRequest().getHeaders());
		return find(id, exchange).map((upload) -> {
			ResponseEntity.BodyBuilder response = ResponseEntity.ok()
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.header(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset()));
			if (upload.isLengthDeferred()) {
				response.header(TusHeaders.UPLOAD_DEFER_LENGTH, "1");
			}
			else {
				response.header(TusHeaders.UPLOAD_LENGTH, Long.toString(upload.length()));
			}
			if (!upload.metadata().isEmpty()) {
				response.header(TusHeaders.UPLOAD_METADATA, upload.metadata());
			}
			return withExpires(response, upload).build();
		});
	}

	@PatchMapping("/uploads/{id}")
	Mono<ResponseEntity<Void>> patch(@PathVariable String id, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		TusHeaders.checkResumable(headers);
		if (!isChunk(headers)) {
			throw TusProblems.wrongContentType();
		}
		long offset = TusHeaders.number(headers, TusHeaders.UPLOAD_OFFSET);
		if (offset < 0) {
			throw TusProblems.badRequest("Upload-Offset is required");
		}
		long length = TusHeaders.number(headers, TusHeaders.UPLOAD_LENGTH);
		TusChecksum checksum = TusChecksum.parse(headers.getFirst(TusHeaders.UPLOAD_CHECKSUM));
		return find(id, exchange).flatMap((upload) -> {
			if (upload.offset() != offset) {
				throw TusProblems.wrongOffset(upload.offset());
			}
			if (upload.isComplete()) {
				return Mono.just(upload);
			}
			Mono<TusUpload> declared = (length >= 0 && upload.isLengthDeferred())
					? this.uploads.declareLength(upload, length) : Mono.just(upload);
			// A length declared at the offset completes the upload: an empty chunk
			// publishes it.
			return declared.flatMap((ready) -> this.uploads.append(ready, WebStreams.requestBody(request),
					headers.getContentLength(), checksum));
		})
			.map((upload) -> withExpires(ResponseEntity.status(HttpStatus.NO_CONTENT)
				.header(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset())), upload).build());
	}

	@DeleteMapping("/uploads/{id}")
	Mono<ResponseEntity<Void>> terminate(@PathVariable String id, ServerWebExchange exchange) {
		TusHeaders.checkResumable(exchange.getRequest().getHeaders());
		return find(id, exchange).then(this.uploads.terminate(id)).thenReturn(ResponseEntity.noContent().build());
	}

	// An upload belongs to its key: a client whose credential does not grant that key
	// (demo.security.enabled, claim key_prefix) can neither see nor touch it.
	private Mono<TusUpload> find(String id, ServerWebExchange exchange) {
		return this.scopes.of(exchange).flatMap((scope) -> this.uploads.find(id).map((upload) -> {
			if (!scope.permits(ObjectKey.of(upload.key()))) {
				throw TusProblems.outOfScope();
			}
			return upload;
		}));
	}

	private static boolean isChunk(HttpHeaders headers) {
		MediaType contentType = headers.getContentType();
		return contentType != null
				&& TusHeaders.OFFSET_OCTET_STREAM.equals(contentType.getType() + "/" + contentType.getSubtype());
	}

	private static ResponseEntity.BodyBuilder withExpires(ResponseEntity.BodyBuilder response, TusUpload upload) {
		if (!upload.isComplete()) {
			response.header(TusHeaders.UPLOAD_EXPIRES,
					DateTimeFormatter.RFC_1123_DATE_TIME.format(upload.expires().atZone(ZoneOffset.UTC)));
		}
		return response;
	}

}
