package dev.pump.demo.tus;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.demo.web.LimitedBodyReadStream;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import dev.pump.registry.ManagedPump;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Writes the chunks of PATCH requests to the partial files of their uploads, one PATCH at
 * a time per upload, each as a managed pump, and publishes an upload at its last byte.
 *
 * <h2>Interrupted chunks</h2> A body that fails (the client went away, the read timeout
 * closed its connection, it went past the upload's length) fails the pump, which aborts
 * the file stream without deleting it: once the stream is closed, the file is forced and
 * its size is the new offset, so every byte that reached the disk is kept. A chunk with
 * an {@code Upload-Checksum} is kept whole or not at all: the file is cut back to the old
 * offset on a mismatch or a failure. So is the last chunk if the object cannot be
 * published.
 *
 * <h2>The lock</h2> An upload is locked from the start of its PATCH until its offset is
 * saved, whatever the outcome; the work goes on when the response is cancelled (only the
 * body is failed then), so the lock cannot be released while bytes are still written.
 */
final class TusPatches {

	private final TusUploadStore store;

	private final PumpFactory pumps;

	private final TusPublisher publisher;

	private final FileWriteOptions writeOptions;

	private final Set<String> locked = ConcurrentHashMap.newKeySet();

	TusPatches(TusUploadStore store, PumpFactory pumps, TusPublisher publisher, FileThreads fileThreads) {
		this.store = store;
		this.pumps = pumps;
		this.publisher = publisher;
		this.writeOptions = FileWriteOptions.defaults().append().forceOnEnd().threads(fileThreads);
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
			if (!this.locked.add(upload.id())) {
				body.cancel();
				return Mono.error(TusProblems.busy());
			}
			LimitedBodyReadStream limited = new LimitedBodyReadStream(body, maxBytes, contentLength,
					(limit) -> TusProblems.tooLarge(upload.offset() + limit));
			Interruption interruption = new Interruption(limited);
			// A sink rather than a future: the outcome of a PATCH whose response was
			// cancelled is dropped silently instead of being reported as an error.
			Sinks.One<TusUpload> done = Sinks.one();
			Mono.fromCallable(() -> open(upload, checksum))
				.subscribeOn(Schedulers.boundedElastic())
				.doOnError((ex) -> limited.cancel())
				.flatMap((file) -> pump(upload, limited, file, checksum, interruption))
				.flatMap((written) -> written.isComplete() ? publish(upload, written) : Mono.just(written))
				// Released before the response goes: the client may send its next PATCH
				// as soon as it has it.
				.doOnTerminate(() -> this.locked.remove(upload.id()))
				.subscribe(done::tryEmitValue, done::tryEmitError);
			return done.asMono().doOnCancel(interruption::clientGone);
		});
	}

	private AsyncFileWriteStream open(TusUpload upload, @Nullable TusChecksum checksum) throws IOException {
		// Bytes past the saved offset (a crash between a write and its save) are not
		// counted: drop them so that the chunk lands at the offset.
		this.store.truncate(upload);
		AsyncFileWriteStream file = AsyncFileWriteStream.open(this.store.dataFile(upload.id()), this.writeOptions);
		if (checksum != null) {
			file.writeObserver(checksum::update);
		}
		return file;
	}

	private Mono<TusUpload> pump(TusUpload upload, LimitedBodyReadStream body, AsyncFileWriteStream file,
			@Nullable TusChecksum checksum, Interruption interruption) {
		Pump pump = this.pumps.create("tus-upload", body, file);
		ManagedPump.expectBytes(pump, upload.length());
		ManagedPump.resumedFrom(pump, upload.offset());
		CompletableFuture<Long> completion = pump.completion().toFuture();
		pump.start();
		interruption.started();
		return Mono.fromFuture(completion, true)
			.flatMap((bytes) -> saveAfterSuccess(upload, file, checksum))
			.onErrorResume((failure) -> saveAfterFailure(upload, file, checksum).then(Mono.error(failure)));
	}

	private Mono<TusUpload> saveAfterSuccess(TusUpload upload, AsyncFileWriteStream file,
			@Nullable TusChecksum checksum) {
		return Mono.fromCallable(() -> {
			if (checksum != null && !checksum.matches()) {
				this.store.truncate(upload);
				throw TusProblems.checksumMismatch();
			}
			TusUpload written = upload.withOffset(upload.offset() + file.bytesWritten());
			if (!written.isComplete()) {
				this.store.save(written);
			}
			return written;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<TusUpload> publish(TusUpload before, TusUpload complete) {
		// The last chunk counts only once the object is published: when the publication
		// fails (a full storage, a key clash), the saved offset stays before the chunk,
		// the client sends it again and the publication is tried again.
		return this.publisher.publish(complete).flatMap((published) -> Mono.fromCallable(() -> {
			this.store.save(published);
			return published;
		}).subscribeOn(Schedulers.boundedElastic())).onErrorResume((failure) -> Mono.fromCallable(() -> {
			this.store.truncate(before);
			return before;
		}).subscribeOn(Schedulers.boundedElastic()).then(Mono.error(failure)));
	}

	private Mono<Void> saveAfterFailure(TusUpload upload, AsyncFileWriteStream file, @Nullable TusChecksum checksum) {
		// The aborted stream completes its end once its channel is closed: no write can
		// land after the size is read.
		return Mono.fromFuture(file::end).onErrorResume((ignored) -> Mono.empty()).then(Mono.fromRunnable(() -> {
			try {
				if (checksum != null) {
					this.store.truncate(upload);
				}
				else {
					this.store.save(upload.withOffset(keptOffset(upload, this.store.forcedSize(upload))));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot save the offset of upload " + upload.id(), ex);
			}
		}).subscribeOn(Schedulers.boundedElastic())).then();
	}

	private static long keptOffset(TusUpload upload, long size) {
		// A failed PATCH never completes an upload, as only a publication does: at worst
		// the client sends the last byte again.
		return upload.isLengthDeferred() ? size : Math.min(size, upload.length() - 1);
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
