package dev.pump.demo.tus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.pump.WriteStream;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A chunk of an upload on S3: its full parts are uploaded as they fill (with the bytes
 * that waited before them) and hashed into the upload's SHA-256; keeping the chunk stores
 * what is left, less than a part, as a new waiting object and commits the new state to
 * the {@code .info} object; discarding it commits nothing (uploaded parts past the
 * committed ones are overwritten by the next chunk); publishing it uploads the last part
 * and completes the multipart upload.
 */
final class S3TusChunk implements TusChunk {

	private final S3TusObjects store;

	private final S3TusState state;

	private final SHA256Digest digest;

	private final List<S3TusState.Part> newParts = new ArrayList<>();

	private final S3PartWriteStream stream;

	private int nextPartNumber;

	S3TusChunk(S3TusObjects store, S3TusState state, byte[] waiting, @Nullable TusChecksum checksum) {
		this.store = store;
		this.state = state;
		this.digest = state.sha256State().isEmpty() ? new SHA256Digest()
				: new SHA256Digest(Base64.getDecoder().decode(state.sha256State()));
		this.nextPartNumber = state.nextPartNumber();
		this.stream = new S3PartWriteStream(waiting, store.partSize(), this::uploadPart,
				(checksum != null) ? checksum::update : null);
	}

	private CompletableFuture<Void> uploadPart(byte[] part) {
		int number;
		synchronized (this) {
			number = this.nextPartNumber++;
		}
		return this.store.uploadPart(this.state, number, part).thenAccept((etag) -> {
			synchronized (this) {
				// Parts are uploaded one at a time, in order: the digest covers exactly
				// the uploaded ones.
				this.digest.update(part, 0, part.length);
				this.newParts.add(new S3TusState.Part(number, etag, part.length));
			}
		});
	}

	@Override
	public WriteStream<DataBuffer> stream() {
		return this.stream;
	}

	@Override
	public Mono<TusUpload> keep(boolean interrupted) {
		return settled().then(Mono.defer(() -> {
			byte[] remainder = this.stream.failed() ? new byte[0] : this.stream.remainder();
			List<S3TusState.Part> parts = committedAndNew();
			long offset = this.state.partsSize() + size(this.newParts) + remainder.length;
			TusUpload upload = this.state.upload();
			if (interrupted && !upload.isLengthDeferred() && offset >= upload.length()) {
				// Only a publication completes an upload: the client sends the end again.
				return discard();
			}
			if (this.newParts.isEmpty() && (this.stream.failed() || this.stream.bytesWritten() == 0)) {
				return this.store.save(this.state).map(S3TusState::upload);
			}
			String pendingKey = (remainder.length > 0) ? this.store.pendingKey(upload.id(), UUID.randomUUID()) : null;
			Mono<Void> pending = (pendingKey != null) ? this.store.putPending(pendingKey, remainder) : Mono.empty();
			S3TusState kept = this.state.withParts(parts, pendingKey, remainder.length, encodedDigest());
			return pending.then(this.store.save(kept))
				// Another PATCH committed first: its waiting object is not this one.
				.onErrorResume((failure) -> this.store.deletePending(pendingKey).then(Mono.error(failure)))
				.flatMap((saved) -> this.store.deletePending(this.state.pendingKey()).thenReturn(saved.upload()));
		}));
	}

	@Override
	public Mono<TusUpload> discard() {
		return settled().then(Mono.fromSupplier(this.state::upload));
	}

	@Override
	public Mono<TusUpload> publish() {
		return settled().then(Mono.defer(() -> {
			if (this.stream.failed()) {
				return Mono.error(new IllegalStateException("A part of the upload failed"));
			}
			byte[] remainder = this.stream.remainder();
			List<S3TusState.Part> parts = committedAndNew();
			if (parts.isEmpty()) {
				// The whole object is smaller than a part: one PUT, like a PUT of /files.
				return this.store.putWhole(this.state, remainder, hex(sha256(remainder)));
			}
			Mono<List<S3TusState.Part>> all = (remainder.length == 0) ? Mono.just(parts)
					: lastPart(remainder).map((last) -> {
						List<S3TusState.Part> withLast = new ArrayList<>(parts);
						withLast.add(last);
						return withLast;
					});
			return all.flatMap((complete) -> this.store.complete(this.state, complete, finalDigest()));
		})).onErrorResume((failure) -> discard().then(Mono.error(failure)));
	}

	private Mono<S3TusState.Part> lastPart(byte[] remainder) {
		int number;
		synchronized (this) {
			number = this.nextPartNumber++;
			this.digest.update(remainder, 0, remainder.length);
		}
		return Mono.fromFuture(() -> this.store.uploadPart(this.state, number, remainder))
			.map((etag) -> new S3TusState.Part(number, etag, remainder.length));
	}

	private Mono<Void> settled() {
		return Mono.fromFuture(this.stream::settled);
	}

	private synchronized List<S3TusState.Part> committedAndNew() {
		List<S3TusState.Part> parts = new ArrayList<>(this.state.parts());
		parts.addAll(this.newParts);
		return parts;
	}

	private synchronized String encodedDigest() {
		return Base64.getEncoder().encodeToString(this.digest.getEncodedState());
	}

	private synchronized String finalDigest() {
		byte[] out = new byte[this.digest.getDigestSize()];
		this.digest.doFinal(out, 0);
		return hex(out);
	}

	private static long size(List<S3TusState.Part> parts) {
		long size = 0;
		for (S3TusState.Part part : parts) {
			size += part.size();
		}
		return size;
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
