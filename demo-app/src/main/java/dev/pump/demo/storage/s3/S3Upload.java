package dev.pump.demo.storage.s3;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The S3 requests of one upload: a single {@code PUT} for a small object, or a multipart
 * upload created on its first part. Publishing writes the digest first (in the object's
 * metadata, or in a digest object that the multipart object refers to, see
 * {@link S3Storage}), then makes the object appear, then deletes the digest object of the
 * object it replaced.
 *
 * <h2>Threading</h2> Thread-safe; every method returns at once with a future.
 */
final class S3Upload {

	private static final Log logger = LogFactory.getLog(S3Upload.class);

	private final S3AsyncClient client;

	private final String bucket;

	private final String key;

	/**
	 * Name of this upload's digest object, should it become a multipart upload.
	 */
	private final String digestRef = UUID.randomUUID().toString();

	private @Nullable CompletableFuture<String> uploadId;

	private volatile boolean digestWritten;

	S3Upload(S3AsyncClient client, String bucket, String key) {
		this.client = client;
		this.bucket = bucket;
		this.key = key;
	}

	/**
	 * Store the whole object with one {@code PUT}, its digest in its metadata.
	 * @param body the content
	 * @param sha256 the digest
	 * @return the future of the publication
	 */
	CompletableFuture<Void> putObject(ByteBuffer[] body, String sha256) {
		long length = length(body);
		return previousDigestRef().thenCompose(
				(previous) -> this.client
					.putObject(
							(put) -> put.bucket(this.bucket)
								.key(this.key)
								.contentLength(length)
								.contentType("application/octet-stream")
								.metadata(Map.of(S3Storage.SHA256, sha256)),
							AsyncRequestBody.fromByteBuffersUnsafe(body))
					.thenRun(() -> deleteDigest(previous)));
	}

	/**
	 * Upload one part, creating the multipart upload first if needed.
	 * @param number the part number, from 1
	 * @param body the content of the part
	 * @return the future of the part, for {@link #complete(List, String)}
	 */
	CompletableFuture<CompletedPart> uploadPart(int number, ByteBuffer[] body) {
		long length = length(body);
		return uploadId().thenCompose((id) -> this.client.uploadPart(
				(part) -> part.bucket(this.bucket).key(this.key).uploadId(id).partNumber(number).contentLength(length),
				AsyncRequestBody.fromByteBuffersUnsafe(body))
			.thenApply((response) -> CompletedPart.builder().partNumber(number).eTag(response.eTag()).build()));
	}

	/**
	 * Publish the multipart object: write its digest object, then complete the upload.
	 * @param parts every part, in order
	 * @param sha256 the digest
	 * @return the future of the publication
	 */
	CompletableFuture<Void> complete(List<CompletedPart> parts, String sha256) {
		return uploadId().thenCompose((id) -> previousDigestRef().thenCompose((previous) -> writeDigest(sha256)
			.thenCompose((written) -> this.client.completeMultipartUpload((complete) -> complete.bucket(this.bucket)
				.key(this.key)
				.uploadId(id)
				.multipartUpload((upload) -> upload.parts(parts))))
			.thenRun(() -> deleteDigest(previous))));
	}

	/**
	 * Undo everything: abort the multipart upload, if one was created, so that no part
	 * remains, and delete the digest object if it was written. Never fails.
	 * @return the future of the clean-up
	 */
	CompletableFuture<Void> abort() {
		CompletableFuture<String> id;
		synchronized (this) {
			id = this.uploadId;
		}
		CompletableFuture<Void> aborted = (id != null)
				? id.thenCompose((uploadId) -> this.client
					.abortMultipartUpload((abort) -> abort.bucket(this.bucket).key(this.key).uploadId(uploadId))
					.thenRun(() -> logger.debug("Aborted multipart upload of " + this.key)))
				: CompletableFuture.completedFuture(null);
		return aborted.handle((ignored, failure) -> {
			if (failure != null && !S3Errors.isNotFound(failure)) {
				logger.warn("Could not abort the multipart upload of " + this.key, S3Errors.unwrap(failure));
			}
			if (this.digestWritten) {
				deleteDigest(this.digestRef);
			}
			return null;
		});
	}

	private synchronized CompletableFuture<String> uploadId() {
		if (this.uploadId == null) {
			this.uploadId = this.client
				.createMultipartUpload((create) -> create.bucket(this.bucket)
					.key(this.key)
					.contentType("application/octet-stream")
					.metadata(Map.of(S3Storage.SHA256_REF, this.digestRef)))
				.thenApply((response) -> response.uploadId());
		}
		return this.uploadId;
	}

	private CompletableFuture<Void> writeDigest(String sha256) {
		this.digestWritten = true;
		return this.client
			.putObject((put) -> put.bucket(this.bucket)
				.key(S3Storage.DIGEST_PREFIX + this.digestRef)
				.contentType("text/plain")
				.metadata(Map.of(S3Storage.SHA256, sha256)), AsyncRequestBody.fromString(sha256))
			.thenRun(() -> {
			});
	}

	/**
	 * Return the digest reference of the object about to be replaced, if any, so that its
	 * digest object can be deleted once it is replaced.
	 */
	private CompletableFuture<@Nullable String> previousDigestRef() {
		return this.client.headObject((head) -> head.bucket(this.bucket).key(this.key))
			.handle((head, failure) -> (failure == null) ? head.metadata().get(S3Storage.SHA256_REF) : null);
	}

	private void deleteDigest(@Nullable String ref) {
		if (ref != null) {
			this.client.deleteObject((delete) -> delete.bucket(this.bucket).key(S3Storage.DIGEST_PREFIX + ref))
				.whenComplete((ignored, failure) -> {
					if (failure != null) {
						logger.warn("Could not delete digest object " + ref, S3Errors.unwrap(failure));
					}
				});
		}
	}

	private static long length(ByteBuffer[] body) {
		long length = 0;
		for (ByteBuffer buffer : body) {
			length += buffer.remaining();
		}
		return length;
	}

}
