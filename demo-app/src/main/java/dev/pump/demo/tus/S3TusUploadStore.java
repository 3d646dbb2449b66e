package dev.pump.demo.tus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps resumable uploads in the bucket of the S3 storage, as tusd's s3store does, so
 * that any instance sharing the bucket resumes any upload: the state in
 * {@code ~tus/<id>.info}, the bytes in a multipart upload of the object's own key, whose
 * parts are all one part size but the last (S3 refuses smaller ones), and the bytes of a
 * chunk that do not fill a part in a {@code ~tus/<id>.part.<random>} object, where they
 * wait to be prepended to the next chunk. See {@link S3TusState} for how a PATCH commits.
 *
 * <h2>Concurrent PATCHes</h2> On one instance, {@link TusPatches} locks an upload. Across
 * instances, each PATCH checks its offset against the {@code .info} object when it starts
 * (409 if another instance moved it on), and commits with a conditional {@code PUT} of
 * the {@code .info} object ({@code If-Match} the ETag it read; a new one with
 * {@code If-None-Match: *}): of two PATCHes from the same state, the second to commit
 * gets 409 and commits nothing. The parts they both uploaded under the same numbers are
 * checked by their ETags when S3 completes the upload, so such a race, which a tus client
 * never starts, makes the completion fail rather than publish mixed bytes.
 *
 * <h2>Clean-up</h2> An expired upload's multipart upload is aborted and its objects
 * deleted; so are multipart uploads older than the expiry that no state names (an
 * instance died between creating one and saving its state).
 */
final class S3TusUploadStore implements TusUploadStore {

	/**
	 * Prefix of the objects of partial uploads.
	 */
	static final String PREFIX = S3TusObjects.PREFIX;

	private final S3TusObjects objects;

	private final Duration expireAfter;

	S3TusUploadStore(S3AsyncClient client, String bucket, int partSize, Duration expireAfter) {
		this.objects = new S3TusObjects(client, bucket, partSize);
		this.expireAfter = expireAfter;
	}

	@Override
	public Mono<TusUpload> create(String key, long length, String metadata, Instant expires) {
		TusUpload upload = new TusUpload(FileTusUploadStore.newId(), key, length, 0, metadata, expires);
		String digestRef = UUID.randomUUID().toString();
		Mono<@Nullable String> uploadId = (length == 0) ? Mono.just("") : this.objects.createMultipart(key, digestRef);
		return uploadId
			.flatMap((id) -> this.objects
				.save(new S3TusState(upload, id.isEmpty() ? null : id, digestRef, List.of(), null, 0, "", false, null)))
			.map(S3TusState::upload);
	}

	@Override
	public Mono<TusUpload> load(String id) {
		if (!FileTusUploadStore.isId(id)) {
			return Mono.empty();
		}
		return this.objects.load(id).map(S3TusState::upload);
	}

	@Override
	public Mono<TusUpload> declareLength(TusUpload upload) {
		return state(upload).flatMap((state) -> this.objects.save(state.withUpload(upload))).map(S3TusState::upload);
	}

	@Override
	public Mono<TusChunk> openChunk(TusUpload upload, long contentLength, @Nullable TusChecksum checksum) {
		return state(upload).flatMap((state) -> this.objects.getPending(state.pendingKey())
			.map((waiting) -> new S3TusChunk(this.objects, state.withUpload(upload), waiting, checksum)));
	}

	/**
	 * Return the stored state of an upload, which must still be at the upload's offset.
	 */
	private Mono<S3TusState> state(TusUpload upload) {
		return this.objects.load(upload.id()).switchIfEmpty(Mono.error(TusProblems::notFound)).map((state) -> {
			if (state.upload().offset() != upload.offset()) {
				throw TusProblems.wrongOffset(state.upload().offset());
			}
			return state;
		});
	}

	@Override
	public Mono<Void> delete(String id) {
		return this.objects.load(id)
			.flatMap(this.objects::abort)
			.then(objectsOf(id).concatMap((object) -> this.objects.deletePending(object.key())).then());
	}

	@Override
	public Mono<Integer> deleteExpired(Instant now) {
		Set<String> live = ConcurrentHashMap.newKeySet();
		Mono<Integer> expired = Flux.from(listPrefix(PREFIX))
			.filter((object) -> object.key().endsWith(".info"))
			.concatMap((object) -> this.objects.load(idOf(object.key())))
			.concatMap((state) -> {
				if (now.isAfter(state.upload().expires())) {
					return delete(state.upload().id()).thenReturn(1);
				}
				if (state.uploadId() != null) {
					live.add(state.uploadId());
				}
				return Mono.just(0);
			})
			.reduce(0, Integer::sum);
		return expired.flatMap((count) -> abortOrphans(live, now).thenReturn(count));
	}

	private Mono<Void> abortOrphans(Set<String> live, Instant now) {
		Instant before = now.minus(this.expireAfter);
		return Flux
			.from(this.objects.client()
				.listMultipartUploadsPaginator((list) -> list.bucket(this.objects.bucket()))
				.uploads())
			.filter((upload) -> !live.contains(upload.uploadId()) && upload.initiated().isBefore(before))
			.concatMap((MultipartUpload upload) -> this.objects.abort(upload.key(), upload.uploadId()))
			.then(Flux.from(listPrefix(PREFIX))
				.filter((object) -> !object.key().endsWith(".info") && object.lastModified().isBefore(before))
				.concatMap((object) -> this.objects.load(idOf(object.key()))
					.hasElement()
					.flatMap((stateful) -> stateful ? Mono.empty() : this.objects.deletePending(object.key())))
				.then());
	}

	private Flux<S3Object> objectsOf(String id) {
		return Flux.from(listPrefix(PREFIX + id + "."));
	}

	private Flux<S3Object> listPrefix(String prefix) {
		return Flux.from(this.objects.client()
			.listObjectsV2Paginator((list) -> list.bucket(this.objects.bucket()).prefix(prefix))
			.contents());
	}

	private static String idOf(String key) {
		String name = key.substring(PREFIX.length());
		int dot = name.indexOf('.');
		return (dot < 0) ? name : name.substring(0, dot);
	}

}
