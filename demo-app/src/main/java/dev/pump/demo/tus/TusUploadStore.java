package dev.pump.demo.tus;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where resumable uploads live while they are partial: their state and their bytes. One
 * implementation per kind of storage: {@link FileTusUploadStore} on this instance's disk,
 * {@link S3TusUploadStore} in the bucket, for any instance.
 */
interface TusUploadStore {

	/**
	 * Create an upload at offset 0.
	 * @param key the key of the object it makes
	 * @param length its length, or {@link TusUpload#DEFERRED}
	 * @param metadata the {@code Upload-Metadata} header as sent, or an empty string
	 * @param expires when it expires unless it goes on
	 * @return the upload
	 */
	Mono<TusUpload> create(String key, long length, String metadata, Instant expires);

	/**
	 * Look an upload up.
	 * @param id the id, as sent by a client
	 * @return the upload at its stored offset, or empty if there is none
	 */
	Mono<TusUpload> load(String id);

	/**
	 * Set the length of an upload created with a deferred length.
	 * @param upload the upload with its length
	 * @return the upload, saved
	 */
	Mono<TusUpload> declareLength(TusUpload upload);

	/**
	 * Open a stream for the next chunk of an upload, at its offset. The caller holds the
	 * upload's lock until the chunk is kept, discarded or published.
	 * @param upload the upload
	 * @param contentLength the announced size of the chunk, or {@code -1}
	 * @param checksum the chunk's checksum, fed with its bytes, or {@code null}
	 * @return the chunk
	 */
	Mono<TusChunk> openChunk(TusUpload upload, long contentLength, @Nullable TusChecksum checksum);

	/**
	 * Delete an upload: its state and partial bytes.
	 * @param id the id
	 * @return completes once deleted
	 */
	Mono<Void> delete(String id);

	/**
	 * Delete every upload expired at the given time, and whatever abandoned partial bytes
	 * are left without state.
	 * @param now the time
	 * @return how many uploads were deleted
	 */
	Mono<Integer> deleteExpired(Instant now);

}
