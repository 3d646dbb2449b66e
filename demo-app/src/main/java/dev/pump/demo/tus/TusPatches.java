package dev.pump.demo.tus;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.demo.web.LimitedBodyReadStream;
import dev.pump.registry.ManagedPump;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Writes the chunks of PATCH requests into their uploads' {@link TusUploadStore store},
 * one PATCH at a time per upload, each as a managed pump, and publishes an upload at its
 * last byte.
 *
 * <h2>Interrupted chunks</h2> A body that fails (the client went away, the read timeout
 * closed its connection, it went past the upload's length) fails the pump, which aborts
 * the chunk's stream: once it is closed, every byte that reached storage is kept. A chunk
 * with an {@code Upload-Checksum} is kept whole or not at all: it is discarded on a
 * mismatch or a failure. So is the last chunk if the object cannot be published.
 *
 * <h2>The lock</h2> An upload is locked on this instance from the start of its PATCH
 * until its chunk is settled, whatever the outcome; the work goes on when the response is
 * cancelled (only the body is failed then), so the lock cannot be released while bytes
 * are still written. Across instances (S3), see {@link S3TusUploadStore}.
 */
final class TusPatches {

	// The lock of a termination, which no offset can be.
	private static final Long TERMINATING = -1L;

	private final TusUploadStore store;

	private final PumpFactory pumps;

	/**
	 * The uploads with a PATCH in progress on this instance, and their offsets before it.
	 */
	private final Map<String, Long> locked = new ConcurrentHashMap<>();

	TusPatches(TusUploadStore store, PumpFactory pumps) {
		this.store = store;
		this.pumps = pumps;
	}

	/**
	 * Append a chunk to an upload, once subscribed.
	 * @param upload the upload, at the offset the chunk starts from
	 * @param body the chunk
	 * @param contentLength the announced size of the chunk, or {@code -1}
	 * @param maxBytes how many bytes the chunk may have
	 * @param checksum the chunk's checksum, or {@code null}
	 * @return the upload at its new offset, saved, and published if complete; or a
	 * problem
	 */
	Mono<TusUpload> append(TusUpload upload, ReadStream<DataBuffer> body, long contentLength, long maxBytes,
			@Nullable TusChecksum checksum) {
		return Mono.defer(() -> {
			if (this.locked.putIfAbsent(upload.id(), upload.offset()) != null) {
				body.cancel();
				return Mono.error(TusProblems.busy());
			}
			LimitedBodyReadStream limited = new LimitedBodyReadStream(body, maxBytes, contentLength,
					(limit) -> TusProblems.tooLarge(upload.offset() + limit));
			Interruption interruption = new Interruption(limited);
			// A sink rather than a future: the outcome of a PATCH whose response was
			// cancelled is dropped silently instead of being reported as an error.
			Sinks.One<TusUpload> done = Sinks.one();
			this.store.openChunk(upload, contentLength, checksum)
				.doOnError((ex) -> limited.cancel())
				.flatMap((chunk) -> pump(upload, limited, chunk, checksum, interruption))
				// Released before the response goes: the client may send its next PATCH
				// as soon as it has it.
				.doOnTerminate(() -> this.locked.remove(upload.id()))
				.subscribe(done::tryEmitValue, done::tryEmitError);
			return done.asMono().doOnCancel(interruption::clientGone);
		});
	}

	/**
	 * Return the offset of an upload before the PATCH in progress, if there is one: the
	 * bytes of a PATCH count only once it is over, although they may already be in the
	 * partial file.
	 * @param id the upload's id
	 * @return the offset, or {@code null} if no PATCH is in progress
	 */
	@Nullable Long offsetBeforePatch(String id) {
		Long offset = this.locked.get(id);
		return (offset != null && offset != TERMINATING) ? offset : null;
	}

	/**
	 * Terminate an upload under its lock: never while a PATCH of this instance writes to
	 * it (423, which tus clients retry: a client that aborts its PATCH and terminates at
	 * once may be a moment ahead of the server), and no PATCH starts meanwhile (409).
	 * @param id the upload's id
	 * @param deletion deletes the upload's data and state
	 * @return completes once deleted
	 */
	Mono<Void> terminate(String id, Supplier<Mono<Void>> deletion) {
		return Mono.defer(() -> {
			if (this.locked.putIfAbsent(id, TERMINATING) != null) {
				return Mono.error(TusProblems.locked());
			}
			// Released before the result goes on, as a PATCH's lock: a client
			// that has its 204 may send its next request at once, and must not
			// find the upload locked (a doFinally runs after the response).
			Runnable unlock = () -> this.locked.remove(id, TERMINATING);
			return deletion.get().doOnTerminate(unlock).doOnCancel(unlock);
		});
	}

	/**
	 * Publish an upload created complete (empty), with an empty chunk.
	 * @param upload the upload
	 * @return the upload, published
	 */
	Mono<TusUpload> publishEmpty(TusUpload upload) {
		return this.store.openChunk(upload, 0, null)
			.flatMap((chunk) -> Mono.fromFuture(chunk.stream()::end).then(chunk.publish()));
	}

	private Mono<TusUpload> pump(TusUpload upload, LimitedBodyReadStream body, TusChunk chunk,
			@Nullable TusChecksum checksum, Interruption interruption) {
		Pump pump = this.pumps.create("tus-upload", body, chunk.stream());
		ManagedPump.expectBytes(pump, upload.length());
		ManagedPump.resumedFrom(pump, upload.offset());
		CompletableFuture<Long> completion = pump.completion().toFuture();
		pump.start();
		interruption.started();
		return Mono.fromFuture(completion, true)
			.onErrorResume((failure) -> ((checksum != null) ? chunk.discard() : chunk.keep(true))
				.then(Mono.<Long>error(failure)))
			.flatMap((bytes) -> settle(upload.withOffset(upload.offset() + bytes), chunk, checksum));
	}

	private Mono<TusUpload> settle(TusUpload written, TusChunk chunk, @Nullable TusChecksum checksum) {
		if (checksum != null && !checksum.matches()) {
			return chunk.discard().then(Mono.error(TusProblems.checksumMismatch()));
		}
		return written.isComplete() ? chunk.publish() : chunk.keep(false);
	}

	/**
	 * The handshake between a cancelled response and a pump about to start: whichever
	 * comes second fails the body, so a client gone before the start is not missed.
	 */
	private static final class Interruption {

		private final LimitedBodyReadStream body;

		private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

		Interruption(LimitedBodyReadStream body) {
			this.body = body;
		}

		void started() {
			if (!this.state.compareAndSet(State.WAITING, State.STARTED)) {
				fail();
			}
		}

		void clientGone() {
			if (!this.state.compareAndSet(State.WAITING, State.GONE)) {
				fail();
			}
		}

		private void fail() {
			this.body.fail(new IOException("Client disconnected during the PATCH"));
		}

		private enum State {

			WAITING, STARTED, GONE

		}

	}

}
