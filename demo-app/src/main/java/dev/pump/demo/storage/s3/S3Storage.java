package dev.pump.demo.storage.s3;

import java.io.IOException;

import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.NoSuchObjectException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.StoredObject;
import dev.pump.s3.S3DownloadOptions;
import dev.pump.s3.S3Failures;
import dev.pump.s3.S3Streams;
import dev.pump.s3.S3UploadOptions;
import dev.pump.s3.S3WriteStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Stores objects in one bucket of an S3-compatible object store, one S3 object per key,
 * so that any number of service instances can share the bucket.
 *
 * <h2>Atomic publication</h2> S3 itself makes an object appear whole: a single
 * {@code PUT} for an object smaller than one part, a multipart upload otherwise (the
 * library's {@link S3Streams#upload}), which is aborted on failure so that no part
 * remains.
 *
 * <h2>Digest</h2> The SHA-256 is known only once the whole content has been written, but
 * the metadata of a multipart object is fixed when the upload is created. So a small
 * object carries it in its user metadata ({@code x-amz-meta-sha256}), and a multipart
 * object carries a reference ({@code x-amz-meta-sha256-ref}, a random id) to a small
 * digest object under {@value #DIGEST_PREFIX}, written before the multipart upload is
 * completed. A reader therefore never sees an object without its digest; the digest
 * object of a replaced or deleted object is deleted afterwards. Copying the finished
 * object onto itself with new metadata would rewrite every byte of it and leave a moment
 * where the object has no digest; that is why a digest object is used instead. Keys
 * cannot contain {@code ~}, so {@value #RESERVED_PREFIX} cannot clash with an object.
 *
 * <h2>Versions</h2> The ETag is the version of an object: reads send it as
 * {@code If-Match}, so a read of a replaced object fails with
 * {@link NoSuchObjectException} instead of mixing two objects.
 */
public class S3Storage implements Storage {

	/**
	 * Prefix of the storage's own objects, which are not listed.
	 */
	public static final String RESERVED_PREFIX = "~pump/";

	/**
	 * Prefix of the digest objects of multipart objects.
	 */
	public static final String DIGEST_PREFIX = RESERVED_PREFIX + "sha256/";

	/**
	 * User metadata that holds the SHA-256 of an object (or of a digest object).
	 */
	public static final String SHA256 = "sha256";

	/**
	 * User metadata of a multipart object that names its digest object.
	 */
	public static final String SHA256_REF = "sha256-ref";

	private static final int STAT_ATTEMPTS = 3;

	private static final int LIST_CONCURRENCY = 8;

	private static final Log logger = LogFactory.getLog(S3Storage.class);

	private final S3AsyncClient client;

	private final String bucket;

	private final S3UploadOptions uploadOptions;

	private final int listPageSize;

	/**
	 * Create a storage.
	 * @param client the client, owned by the caller
	 * @param bucket the bucket
	 * @param partSize the size of the parts of multipart uploads, at least 5 MiB for S3;
	 * smaller objects are stored with a single {@code PUT}
	 * @param partsInFlight how many parts one upload sends at once
	 */
	public S3Storage(S3AsyncClient client, String bucket, int partSize, int partsInFlight) {
		this(client, bucket, partSize, partsInFlight, 1000);
	}

	S3Storage(S3AsyncClient client, String bucket, int partSize, int partsInFlight, int listPageSize) {
		this.client = client;
		this.bucket = bucket;
		this.uploadOptions = S3UploadOptions.defaults().partSize(partSize).partsInFlight(partsInFlight);
		this.listPageSize = listPageSize;
	}

	/**
	 * Create the bucket if it does not exist yet. Another instance creating it at the
	 * same time is fine.
	 * @return the completion
	 */
	public Mono<Void> createBucketIfMissing() {
		return Mono.fromFuture(() -> this.client.headBucket((head) -> head.bucket(this.bucket)))
			.then()
			.onErrorResume(S3Failures::isNotFound, (missing) -> createBucket());
	}

	private Mono<Void> createBucket() {
		logger.info("Creating bucket " + this.bucket);
		return Mono.fromFuture(() -> this.client.createBucket((create) -> create.bucket(this.bucket)))
			.then()
			.onErrorResume((failure) -> S3Failures.status(failure) == 409, (exists) -> Mono.empty());
	}

	/**
	 * Return the bucket of the storage.
	 * @return the bucket
	 */
	public String bucket() {
		return this.bucket;
	}

	@Override
	public WriteStream<DataBuffer> openWrite(ObjectKey key, ContentDigest digest) throws IOException {
		DigestPublication publication = new DigestPublication(this.client, this.bucket, key.value(), digest);
		S3WriteStream upload = S3Streams.upload(this.client, this.bucket, key.value(),
				publication.options(this.uploadOptions));
		return new DigestingS3WriteStream(upload, digest, publication);
	}

	@Override
	public Mono<StoredObject> stat(ObjectKey key) {
		return Mono.defer(() -> head(key.value()))
			.flatMap((head) -> describe(key, head))
			.retryWhen(Retry.max(STAT_ATTEMPTS - 1).filter(DigestGoneException.class::isInstance))
			.onErrorResume(DigestGoneException.class::isInstance, (gone) -> Mono.empty());
	}

	private Mono<StoredObject> describe(ObjectKey key, HeadObjectResponse head) {
		return sha256(head)
			.map((sha256) -> new StoredObject(key, head.contentLength(), sha256, head.lastModified(), head.eTag()));
	}

	/**
	 * Return the digest of an object: from its metadata, or from its digest object. Empty
	 * for an object that the service did not store.
	 */
	private Mono<String> sha256(HeadObjectResponse head) {
		String sha256 = head.metadata().get(SHA256);
		if (sha256 != null) {
			return Mono.just(sha256);
		}
		String ref = head.metadata().get(SHA256_REF);
		if (ref == null) {
			return Mono.empty();
		}
		// No digest object: the object was replaced or deleted meanwhile; look again.
		return head(DIGEST_PREFIX + ref).mapNotNull((digest) -> digest.metadata().get(SHA256))
			.switchIfEmpty(Mono.error(DigestGoneException::new));
	}

	private Mono<HeadObjectResponse> head(String key) {
		// Not cancelled with the Mono: a HEAD is short, and the client logs a cancel that
		// races with the end of its response (block() and next() cancel after a value).
		return Mono.fromFuture(() -> this.client.headObject((head) -> head.bucket(this.bucket).key(key)), true)
			.onErrorResume(S3Failures::isNotFound, (missing) -> Mono.empty());
	}

	@Override
	public ReadStream<DataBuffer> openRead(StoredObject object, long position, long length) {
		if (position < 0 || length < 0 || position + length > object.size()) {
			throw new IllegalArgumentException("Range outside of the object");
		}
		ReadStream<DataBuffer> download = S3Streams.download(this.client, this.bucket, object.key().value(),
				S3DownloadOptions.defaults().range(position, length).ifMatch(object.version()));
		return new TranslatedReadStream(download, object.key());
	}

	@Override
	public Flux<StoredObject> list() {
		return Flux
			.from(this.client.listObjectsV2Paginator((list) -> list.bucket(this.bucket).maxKeys(this.listPageSize))
				.contents())
			.mapNotNull((object) -> keyOrNull(object.key()))
			.flatMapSequential(this::stat, LIST_CONCURRENCY);
	}

	private static @Nullable ObjectKey keyOrNull(String key) {
		if (key.startsWith(RESERVED_PREFIX)) {
			return null;
		}
		try {
			return ObjectKey.of(key);
		}
		catch (InvalidKeyException ex) {
			return null;
		}
	}

	@Override
	public Mono<Boolean> delete(ObjectKey key) {
		return head(key.value())
			.flatMap((head) -> Mono
				.fromFuture(() -> this.client.deleteObject((delete) -> delete.bucket(this.bucket).key(key.value())))
				.then(deleteDigest(head.metadata().get(SHA256_REF)))
				.thenReturn(true))
			.defaultIfEmpty(false);
	}

	private Mono<Void> deleteDigest(@Nullable String ref) {
		if (ref == null) {
			return Mono.empty();
		}
		return Mono
			.fromFuture(() -> this.client.deleteObject((delete) -> delete.bucket(this.bucket).key(DIGEST_PREFIX + ref)))
			.then()
			.onErrorResume((failure) -> {
				logger.warn("Could not delete digest object " + ref, S3Failures.unwrap(failure));
				return Mono.empty();
			});
	}

	/**
	 * The digest object of an object is gone: the object was replaced or deleted since
	 * its metadata was read.
	 */
	private static final class DigestGoneException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		DigestGoneException() {
			super("Digest object gone", null, false, false);
		}

	}

}
