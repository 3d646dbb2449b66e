package dev.pump.s3;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 requests of one upload: one {@code PutObject} for a small object, or a multipart
 * upload, created with its first part.
 *
 * <h2>Threading</h2> Thread-safe; every method returns at once with a future.
 */
final class S3UploadRequests {

	private static final System.Logger logger = System.getLogger(S3UploadRequests.class.getName());

	private final S3Target target;

	private final S3UploadOptions options;

	private @Nullable CompletableFuture<String> uploadId;

	S3UploadRequests(S3Target target, S3UploadOptions options) {
		this.target = target;
		this.options = options;
	}

	S3UploadOptions options() {
		return this.options;
	}

	/**
	 * Store the whole object with one {@code PutObject}.
	 * @param content the content
	 * @param metadata the user metadata
	 * @return the future of the publication
	 */
	CompletableFuture<Void> putObject(ByteBuffer[] content, Map<String, String> metadata) {
		ReleasableRequestBody body = new ReleasableRequestBody(content);
		return releasing(body,
				safely(() -> this.target.client()
					.putObject((put) -> put.bucket(this.target.bucket())
						.key(this.target.key())
						.contentLength(body.length())
						.contentType(this.options.contentType())
						.metadata(metadata)
						.checksumAlgorithm(this.options.checksumAlgorithm()), body)))
			.thenRun(() -> {
			});
	}

	/**
	 * Upload one part, creating the multipart upload first if needed.
	 * @param number the part number, from 1
	 * @param content the content of the part
	 * @return the future of the part, for {@link #complete(List)}
	 */
	CompletableFuture<CompletedPart> uploadPart(int number, ByteBuffer[] content) {
		ReleasableRequestBody body = new ReleasableRequestBody(content);
		return releasing(body,
				safely(this::uploadId).thenCompose((id) -> this.target.client()
					.uploadPart((part) -> part.bucket(this.target.bucket())
						.key(this.target.key())
						.uploadId(id)
						.partNumber(number)
						.contentLength(body.length())
						.checksumAlgorithm(this.options.checksumAlgorithm()), body)
					.thenApply((response) -> completedPart(number, response))));
	}

	/**
	 * Make the multipart object visible.
	 * @param parts every part, in order
	 * @return the future of the publication
	 */
	CompletableFuture<Void> complete(List<CompletedPart> parts) {
		return safely(this::uploadId)
			.thenCompose((id) -> this.target.client()
				.completeMultipartUpload((complete) -> complete.bucket(this.target.bucket())
					.key(this.target.key())
					.uploadId(id)
					.multipartUpload((upload) -> upload.parts(parts))))
			.thenRun(() -> {
			});
	}

	/**
	 * Abort the multipart upload, if one was created, so that no part remains. Call it
	 * once no part is in flight: a part that lands after the abort could survive it.
	 * @return the future of the clean-up; it never fails (a failure is logged)
	 */
	CompletableFuture<Void> abort() {
		CompletableFuture<String> id;
		synchronized (this) {
			id = this.uploadId;
		}
		if (id == null) {
			return CompletableFuture.completedFuture(null);
		}
		return id
			.thenCompose((uploadId) -> this.target.client()
				.abortMultipartUpload(
						(abort) -> abort.bucket(this.target.bucket()).key(this.target.key()).uploadId(uploadId)))
			.handle((ignored, failure) -> {
				if (failure != null && !S3Failures.isNotFound(failure)) {
					logger.log(System.Logger.Level.WARNING, "Could not abort the multipart upload of " + this.target,
							S3Failures.unwrap(failure));
				}
				return null;
			});
	}

	/**
	 * Delete the object: an abort that came while it was being published.
	 * @return the future of the deletion; it never fails (a failure is logged)
	 */
	CompletableFuture<Void> deleteObject() {
		return safely(() -> this.target.client()
			.deleteObject((delete) -> delete.bucket(this.target.bucket()).key(this.target.key())))
			.handle((ignored, failure) -> {
				if (failure != null) {
					logger.log(System.Logger.Level.WARNING, "Could not delete aborted object " + this.target,
							S3Failures.unwrap(failure));
				}
				return null;
			});
	}

	// The client may also throw at once (a closed client): the stream wants a future.
	private static <T> CompletableFuture<T> safely(Supplier<CompletableFuture<T>> request) {
		try {
			return request.get();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private synchronized CompletableFuture<String> uploadId() {
		if (this.uploadId == null) {
			this.uploadId = this.target.client()
				.createMultipartUpload((create) -> create.bucket(this.target.bucket())
					.key(this.target.key())
					.contentType(this.options.contentType())
					.metadata(this.options.metadata())
					.checksumAlgorithm(this.options.checksumAlgorithm()))
				.thenApply((response) -> response.uploadId());
		}
		return this.uploadId;
	}

	private static CompletedPart completedPart(int number, UploadPartResponse response) {
		// Only the checksum of the chosen algorithm is set; S3 wants it back on
		// completion.
		return CompletedPart.builder()
			.partNumber(number)
			.eTag(response.eTag())
			.checksumCRC32(response.checksumCRC32())
			.checksumCRC32C(response.checksumCRC32C())
			.checksumCRC64NVME(response.checksumCRC64NVME())
			.checksumSHA1(response.checksumSHA1())
			.checksumSHA256(response.checksumSHA256())
			.build();
	}

	// Whatever the outcome, the request has ended: its bytes can go (see
	// ReleasableRequestBody).
	private static <T> CompletableFuture<T> releasing(ReleasableRequestBody body, CompletableFuture<T> request) {
		return request.whenComplete((result, failure) -> body.release());
	}

}
