package dev.pump.demo.tus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.demo.config.DemoProperties;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.web.KeyScope;
import dev.pump.file.FileThreads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;

/**
 * The resumable uploads of the service: creation, lookup (404 unknown, 410 expired),
 * chunks, publication of the last byte, termination and expiry. Partial files and their
 * state live in {@value #DIRECTORY} under {@code demo.storage.directory}, beside the
 * storage's own temporary directory (whose leftovers the storage deletes at start).
 */
@Component
class TusUploads {

	/**
	 * Subdirectory of {@code demo.storage.directory} that holds the partial files and
	 * their state. {@code ~} is not allowed in keys, so no object can clash with it, and
	 * the storage's listing skips it.
	 */
	static final String DIRECTORY = "~tus";

	private final TusUploadStore store;

	private final TusPatches patches;

	private final TusPublisher publisher;

	private final DemoProperties properties;

	private final Clock clock = Clock.systemUTC();

	TusUploads(Storage storage, PumpFactory pumps, DemoProperties properties, ObjectProvider<FileThreads> fileThreads)
			throws IOException {
		Path directory = properties.getStorage().getDirectory().resolve(DIRECTORY);
		this.store = new TusUploadStore(directory);
		this.publisher = new TusPublisher(storage, this.store, pumps);
		this.patches = new TusPatches(this.store, pumps, this.publisher,
				fileThreads.getIfAvailable(FileThreads::shared));
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
		return blocking(() -> this.store.create(objectKey.value(), length, raw, expires))
			.flatMap((upload) -> upload.isComplete() ? this.publisher.publish(upload) : Mono.just(upload));
	}

	/**
	 * Look an upload up.
	 * @param id the id
	 * @return the upload
	 * @throws org.springframework.web.ErrorResponseException (in the Mono) 404 or 410
	 */
	Mono<TusUpload> find(String id) {
		return blocking(() -> {
			TusUpload upload = this.store.load(id);
			if (upload == null) {
				throw TusProblems.notFound();
			}
			if (upload.isExpired(this.clock.instant())) {
				this.store.delete(id);
				throw TusProblems.expired();
			}
			return upload;
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
		TusUpload declared = upload.withLength(length);
		return blocking(() -> {
			this.store.save(declared);
			return declared;
		});
	}

	/**
	 * Delete an upload and its partial data.
	 * @param id the id
	 * @return completes once deleted
	 */
	Mono<Void> terminate(String id) {
		return find(id).flatMap((upload) -> blocking(() -> {
			this.store.delete(upload.id());
			return upload;
		})).then();
	}

	/**
	 * Delete every expired upload.
	 * @return how many were deleted
	 */
	Mono<Integer> deleteExpired() {
		return blocking(() -> {
			int deleted = 0;
			Instant now = this.clock.instant();
			for (TusUpload upload : this.store.list()) {
				if (now.isAfter(upload.expires())) {
					this.store.delete(upload.id());
					deleted++;
				}
			}
			return deleted;
		});
	}

	private static <T> Mono<T> blocking(IoCallable<T> work) {
		return Mono.fromCallable(work::call).subscribeOn(Schedulers.boundedElastic());
	}

	@FunctionalInterface
	private interface IoCallable<T> {

		T call() throws IOException;

	}

}
