package dev.pump.demo.storage.s3;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.pump.demo.storage.ContentDigest;
import dev.pump.s3.S3Failures;
import dev.pump.s3.S3UploadOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The digest of one upload, stored as {@link S3Storage} describes: in the metadata of an
 * object stored with one {@code PUT}, or in a digest object that a multipart object
 * refers to, written before the object appears. Once the object has appeared, the digest
 * object of the object it replaced is deleted; an abandoned upload deletes its own.
 *
 * <h2>Threading</h2> Thread-safe; every S3 request is asynchronous.
 */
final class DigestPublication {

	private static final Log logger = LogFactory.getLog(DigestPublication.class);

	private final S3AsyncClient client;

	private final String bucket;

	private final String key;

	private final ContentDigest digest;

	/**
	 * Name of this upload's digest object, should it become a multipart upload.
	 */
	private final String digestRef = UUID.randomUUID().toString();

	private @Nullable String previousRef;

	private @Nullable CompletableFuture<Void> digestWrite;

	private boolean discarded;

	DigestPublication(S3AsyncClient client, String bucket, String key, ContentDigest digest) {
		this.client = client;
		this.bucket = bucket;
		this.key = key;
		this.digest = digest;
	}

	/**
	 * Return the upload options with this digest's metadata and publication step.
	 * @param options the storage's options
	 * @return the options of this upload
	 */
	S3UploadOptions options(S3UploadOptions options) {
		return options.metadata(Map.of(S3Storage.SHA256_REF, this.digestRef)).beforePublish(this::prepare);
	}

	private CompletableFuture<Map<String, String>> prepare(boolean multipart, Map<String, String> metadata) {
		// Every write is in the digest: the library calls this once the stream has ended.
		String sha256 = this.digest.sha256();
		return previousDigestRef().thenCompose((previous) -> {
			synchronized (this) {
				this.previousRef = previous;
			}
			if (!multipart) {
				return CompletableFuture.completedFuture(Map.of(S3Storage.SHA256, sha256));
			}
			return writeDigest(sha256).thenApply((written) -> metadata);
		});
	}

	/**
	 * The object has appeared: delete the digest object of the one it replaced.
	 */
	synchronized void published() {
		deleteDigest(this.previousRef);
	}

	/**
	 * The upload was abandoned: delete its digest object, once written if it is being
	 * written.
	 */
	synchronized void discard() {
		this.discarded = true;
		if (this.digestWrite != null) {
			this.digestWrite.whenComplete((ignored, failure) -> deleteDigest(this.digestRef));
		}
	}

	private synchronized CompletableFuture<Void> writeDigest(String sha256) {
		if (this.discarded) {
			return CompletableFuture.failedFuture(new IllegalStateException("Upload abandoned"));
		}
		this.digestWrite = this.client
			.putObject((put) -> put.bucket(this.bucket)
				.key(S3Storage.DIGEST_PREFIX + this.digestRef)
				.contentType("text/plain")
				.metadata(Map.of(S3Storage.SHA256, sha256)), AsyncRequestBody.fromString(sha256))
			.thenRun(() -> {
			});
		return this.digestWrite;
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
						logger.warn("Could not delete digest object " + ref, S3Failures.unwrap(failure));
					}
				});
		}
	}

}
