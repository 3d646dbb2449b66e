package dev.pump.demo.tus;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.pump.demo.storage.s3.S3Storage;
import dev.pump.s3.S3Failures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The S3 requests of resumable uploads, under {@value #PREFIX} in the storage's bucket:
 * {@code <id>.info} (the state), {@code <id>.part.<random>} (bytes waiting for a full
 * part) and the multipart upload of the object itself, whose object appears as a
 * {@code PUT} of {@link S3Storage} would make it: with its SHA-256 in its metadata, or,
 * for a multipart object, a digest object written before it appears.
 */
final class S3TusObjects {

	/**
	 * Prefix of the objects of partial uploads: {@code ~} is not allowed in keys, so they
	 * cannot clash with objects, and the storage's listing does not show them.
	 */
	static final String PREFIX = "~tus/";

	static final String CONTENT_TYPE = "application/octet-stream";

	private static final int PRECONDITION_FAILED = 412;

	private static final Log logger = LogFactory.getLog(S3TusObjects.class);

	private final S3AsyncClient client;

	private final String bucket;

	private final int partSize;

	S3TusObjects(S3AsyncClient client, String bucket, int partSize) {
		this.client = client;
		this.bucket = bucket;
		this.partSize = partSize;
	}

	S3AsyncClient client() {
		return this.client;
	}

	String bucket() {
		return this.bucket;
	}

	int partSize() {
		return this.partSize;
	}

	static String infoKey(String id) {
		return PREFIX + id + ".info";
	}

	String pendingKey(String id, UUID random) {
		return PREFIX + id + ".part." + random;
	}

	Mono<String> createMultipart(String key, String digestRef) {
		return Mono.fromFuture(() -> this.client.createMultipartUpload((create) -> create.bucket(this.bucket)
			.key(key)
			.contentType(CONTENT_TYPE)
			.metadata(Map.of(S3Storage.SHA256_REF, digestRef)))).map((created) -> created.uploadId());
	}

	Mono<S3TusState> load(String id) {
		return Mono
			.fromFuture(() -> this.client.getObject((get) -> get.bucket(this.bucket).key(infoKey(id)),
					AsyncResponseTransformer.toBytes()))
			.map((bytes) -> S3TusState.parse(id, bytes.asUtf8String(), bytes.response().eTag()))
			.onErrorResume(S3Failures::isNotFound, (missing) -> Mono.empty());
	}

	/**
	 * Save a state, on the condition that the stored one is the one it was made from.
	 * @throws org.springframework.web.ErrorResponseException (in the Mono) 409 if the
	 * stored state changed meanwhile
	 */
	Mono<S3TusState> save(S3TusState state) {
		String version = state.version();
		return Mono.fromFuture(() -> this.client.putObject((put) -> {
			put.bucket(this.bucket).key(infoKey(state.upload().id())).contentType("text/plain");
			if (version != null) {
				put.ifMatch(version);
			}
			else {
				put.ifNoneMatch("*");
			}
		}, AsyncRequestBody.fromString(state.format())))
			.map((saved) -> state.withVersion(saved.eTag()))
			.onErrorMap((failure) -> S3Failures.status(failure) == PRECONDITION_FAILED,
					(failure) -> TusProblems.changedElsewhere());
	}

	Mono<byte[]> getPending(@Nullable String key) {
		if (key == null) {
			return Mono.just(new byte[0]);
		}
		return Mono
			.fromFuture(() -> this.client.getObject((get) -> get.bucket(this.bucket).key(key),
					AsyncResponseTransformer.toBytes()))
			.map((bytes) -> bytes.asByteArrayUnsafe());
	}

	Mono<Void> putPending(String key, byte[] bytes) {
		return Mono
			.fromFuture(() -> this.client.putObject((put) -> put.bucket(this.bucket).key(key),
					AsyncRequestBody.fromBytesUnsafe(bytes)))
			.then();
	}

	/**
	 * Delete an object of the prefix, logging a failure: leftovers are found by the
	 * clean-up.
	 */
	Mono<Void> deletePending(@Nullable String key) {
		if (key == null) {
			return Mono.empty();
		}
		return Mono.fromFuture(() -> this.client.deleteObject((delete) -> delete.bucket(this.bucket).key(key)))
			.then()
			.onErrorResume((failure) -> {
				logger.warn("Could not delete " + key, S3Failures.unwrap(failure));
				return Mono.empty();
			});
	}

	CompletableFuture<String> uploadPart(S3TusState state, int number, byte[] bytes) {
		return this.client
			.uploadPart((part) -> part.bucket(this.bucket)
				.key(state.upload().key())
				.uploadId(state.uploadId())
				.partNumber(number)
				.contentLength((long) bytes.length), AsyncRequestBody.fromBytesUnsafe(bytes))
			.thenApply((part) -> part.eTag());
	}

	/**
	 * Publish an upload smaller than a part with one {@code PUT}, its digest in its
	 * metadata, and give its multipart upload up.
	 */
	Mono<TusUpload> putWhole(S3TusState state, byte[] bytes, String sha256) {
		String key = state.upload().key();
		return previousDigestRef(key)
			.flatMap(
					(previous) -> Mono
						.fromFuture(() -> this.client.putObject(
								(put) -> put.bucket(this.bucket)
									.key(key)
									.contentType(CONTENT_TYPE)
									.metadata(Map.of(S3Storage.SHA256, sha256)),
								AsyncRequestBody.fromBytesUnsafe(bytes)))
						.then(deleteDigest(previous)))
			.then(abort(state))
			.then(published(state));
	}

	/**
	 * Publish a multipart upload: its digest object first, so that the object never
	 * appears without it; then the digest object of the object it replaced goes.
	 */
	Mono<TusUpload> complete(S3TusState state, List<S3TusState.Part> parts, String sha256) {
		String key = state.upload().key();
		List<CompletedPart> completed = parts.stream()
			.map((part) -> CompletedPart.builder().partNumber(part.number()).eTag(part.etag()).build())
			.toList();
		return previousDigestRef(key)
			.flatMap(
					(previous) -> Mono
						.fromFuture(
								() -> this.client.putObject(
										(put) -> put.bucket(this.bucket)
											.key(S3Storage.DIGEST_PREFIX + state.digestRef())
											.contentType("text/plain")
											.metadata(Map.of(S3Storage.SHA256, sha256)),
										AsyncRequestBody.fromString(sha256)))
						.then(Mono.fromFuture(
								() -> this.client.completeMultipartUpload((complete) -> complete.bucket(this.bucket)
									.key(key)
									.uploadId(state.uploadId())
									.multipartUpload((upload) -> upload.parts(completed)))))
						.then(previous.equals(state.digestRef()) ? Mono.empty() : deleteDigest(previous)))
			.then(published(state));
	}

	private Mono<TusUpload> published(S3TusState state) {
		return save(state.completed()).flatMap((saved) -> deletePending(state.pendingKey()).thenReturn(saved.upload()));
	}

	Mono<Void> abort(S3TusState state) {
		String uploadId = state.uploadId();
		if (uploadId == null) {
			return Mono.empty();
		}
		return abort(state.upload().key(), uploadId);
	}

	Mono<Void> abort(String key, String uploadId) {
		return Mono
			.fromFuture(() -> this.client
				.abortMultipartUpload((abort) -> abort.bucket(this.bucket).key(key).uploadId(uploadId)))
			.then()
			.onErrorResume(S3Failures::isNotFound, (gone) -> Mono.empty());
	}

	private Mono<String> previousDigestRef(String key) {
		return Mono.fromFuture(() -> this.client.headObject((head) -> head.bucket(this.bucket).key(key)))
			.map((head) -> head.metadata().getOrDefault(S3Storage.SHA256_REF, ""))
			.onErrorResume(S3Failures::isNotFound, (missing) -> Mono.just(""));
	}

	private Mono<Void> deleteDigest(String ref) {
		return ref.isEmpty() ? Mono.empty() : deletePending(S3Storage.DIGEST_PREFIX + ref);
	}

}
