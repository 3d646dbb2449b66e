package dev.pump.demo.tus;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.demo.config.DemoProperties;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.web.KeyScope;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;

/**
 * The resumable uploads of the service: creation, lookup (404 unknown, 410 expired),
 * chunks, publication of the last byte, termination and expiry, over the
 * {@link TusUploadStore} of the storage type.
 */
@Component
class TusUploads {

	private final TusUploadStore store;

	private final TusPatches patches;

	private final DemoProperties properties;

	private final Clock clock = Clock.systemUTC();

	TusUploads(TusUploadStore store, PumpFactory pumps, DemoProperties properties) {
		this.store = store;
		this.patches = new TusPatches(store, pumps);
		this.properties = properties;
	}

	/**
	 * Return the largest upload accepted, sent as {@code Tus-Max-Size}.
	 * @return the size in bytes
	 */
	long maxSize() {
		return this.properties.getMaxUploadSize().toBytes();
	}

	/**
	 * Create an upload.
	 * @param length its length, or {@link TusUpload#DEFERRED}
	 * @param metadata the {@code Upload-Metadata} header, or {@code null}
	 * @param scope the keys the client may touch
	 * @return the upload
	 * @throws org.springframework.web.ErrorResponseException 400 without a key, 413 too
	 * large
	 * @throws dev.pump.demo.storage.InvalidKeyException if the key breaks the key rules
	 */
	Mono<TusUpload> create(long length, @Nullable String metadata, KeyScope scope) {
		if (length > maxSize()) {
			throw TusProblems.tooLarge(maxSize());
		}
		Map<String, String> pairs = TusHeaders.metadata(metadata);
		String key = pairs.getOrDefault("key", pairs.get("filename"));
		if (key == null) {
			throw TusProblems.badRequest("Upload-Metadata must name the object with 'key' or 'filename'");
		}
		ObjectKey objectKey = ObjectKey.of(key);
		if (!scope.permits(objectKey)) {
			throw TusProblems.outOfScope();
		}
		Instant expires = this.clock.instant().plus(this.properties.getUploads().getExpireAfter());
		String raw = (metadata != null) ? metadata : "";
		return this.store.create(objectKey.value(), length, raw, expires)
			.flatMap((upload) -> upload.isComplete() ? this.patches.publishEmpty(upload) : Mono.just(upload));
	}

	/**
	 * Look an upload up.
	 * @param id the id
	 * @return the upload
	 * @throws org.springframework.web.ErrorResponseException (in the Mono) 404 or 410
	 */
	Mono<TusUpload> find(String id) {
		return this.store.load(id).switchIfEmpty(Mono.error(TusProblems::notFound)).flatMap((upload) -> {
			if (upload.isExpired(this.clock.instant())) {
				return this.store.delete(id).then(Mono.error(TusProblems.expired()));
			}
			Long before = this.patches.offsetBeforePatch(id);
			return Mono.just((before != null) ? upload.withOffset(before) : upload);
		});
	}

	/**
	 * Append a chunk at the upload's offset, and publish the upload when it is complete.
	 * @param upload the upload
	 * @param body the chunk
	 * @param contentLength the chunk's announced size, or {@code -1}
	 * @param checksum the chunk's checksum, or {@code null}
	 * @return the upload at its new offset
	 */
	Mono<TusUpload> append(TusUpload upload, ReadStream<DataBuffer> body, long contentLength,
			@Nullable TusChecksum checksum) {
		long limit = upload.isLengthDeferred() ? maxSize() : upload.length();
		if (contentLength >= 0 && upload.offset() + contentLength > limit) {
			body.cancel();
			throw TusProblems.tooLarge(limit);
		}
		TusUpload renewed = upload
			.withExpires(this.clock.instant().plus(this.properties.getUploads().getExpireAfter()));
		return this.patches.append(renewed, body, contentLength, limit - upload.offset(), checksum);
	}

	/**
	 * Set the length of an upload created with a deferred length.
	 * @param upload the upload
	 * @param length the length
	 * @return the upload with its length, saved
	 */
	Mono<TusUpload> declareLength(TusUpload upload, long length) {
		if (length > maxSize()) {
			throw TusProblems.tooLarge(maxSize());
		}
		if (length < upload.offset()) {
			throw TusProblems.badRequest("Upload-Length is less than the offset");
		}
		return this.store.declareLength(upload.withLength(length));
	}

	/**
	 * Delete an upload and its partial data.
	 * @param id the id
	 * @return completes once deleted
	 */
	Mono<Void> terminate(String id) {
		return find(id).flatMap((upload) -> this.patches.terminate(upload.id(), () -> this.store.delete(upload.id())));
	}

	/**
	 * Delete every expired upload.
	 * @return how many were deleted
	 */
	Mono<Integer> deleteExpired() {
		return this.store.deleteExpired(this.clock.instant());
	}

}
