package dev.pump.buffer;

import java.util.Objects;
import java.util.function.Consumer;

import dev.pump.DrainLoop;
import dev.pump.ReadStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Any {@link Publisher} of {@link DataBuffer}s as a {@link ReadStream}: a request body, a
 * {@code WebClient} response body, a {@code Flux} of your own.
 *
 * <h2>Demand</h2> The stream subscribes to its source lazily, when a handler is first set
 * (that is, on {@code pump.start()}), and requests {@code batchSize} buffers up front,
 * then refills what it has delivered in batches of about three quarters of that.
 * {@link #pause()} stops requesting and stops delivering; buffers already in flight are
 * held, never dropped, so at most {@code batchSize} buffers are ever held or requested.
 * {@link #resume()} delivers the held buffers first, then requests again. Detaching the
 * handler ({@code handler(null)}) acts as a pause.
 *
 * <h2>Buffers</h2> A buffer handed to the handler belongs to the handler, which must
 * release it (a pump hands it to its write stream, which releases it). Buffers still held
 * when the stream is {@link #cancel() cancelled}, or that arrive after it, are released
 * by this stream. {@code cancel()} cancels the subscription to the source, subscribing
 * first if it never did, so that a request body nobody read is released by its server.
 * This stream closes nothing: closing the source is up to the source when it is cancelled
 * or done.
 *
 * <h2>Threading</h2> Signals of the source and calls of this API may happen on any
 * thread; one {@link DrainLoop} delivers them one at a time, and no lock is held while
 * calling a handler. Requests to the source are made by that loop only, so what it has
 * not yet requested is a plain counter of the loop.
 */
public final class DataBufferReadStream implements ReadStream<DataBuffer> {

	/**
	 * Batch size of {@link #of(Publisher)}: buffers requested at once.
	 */
	public static final int DEFAULT_BATCH_SIZE = 16;

	private final UpstreamSubscriber upstream;

	private final DrainLoop delivery = new DrainLoop(this::deliverSignals);

	private volatile @Nullable Consumer<DataBuffer> handler;

	private volatile @Nullable Runnable endHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private volatile boolean paused;

	// Touched by the drain loop only.
	private boolean terminated;

	private DataBufferReadStream(Publisher<? extends DataBuffer> source, int batchSize) {
		if (batchSize <= 0) {
			throw new IllegalArgumentException("batchSize must be greater than zero: " + batchSize);
		}
		this.upstream = new UpstreamSubscriber(Objects.requireNonNull(source, "source"), batchSize, this::drain);
	}

	/**
	 * Create a read stream over a source that requests {@value #DEFAULT_BATCH_SIZE}
	 * buffers at a time.
	 * @param source the source, subscribed to when a handler is first set
	 * @return the read stream
	 */
	public static DataBufferReadStream of(Publisher<? extends DataBuffer> source) {
		return of(source, DEFAULT_BATCH_SIZE);
	}

	/**
	 * Create a read stream over a source.
	 * @param source the source, subscribed to when a handler is first set
	 * @param batchSize how many buffers to request at once, and so the most that are ever
	 * held
	 * @return the read stream
	 */
	public static DataBufferReadStream of(Publisher<? extends DataBuffer> source, int batchSize) {
		return new DataBufferReadStream(source, batchSize);
	}

	@Override
	public DataBufferReadStream handler(@Nullable Consumer<DataBuffer> handler) {
		this.handler = handler;
		if (handler != null) {
			this.upstream.subscribeOnce();
		}
		drain();
		return this;
	}

	@Override
	public DataBufferReadStream pause() {
		this.paused = true;
		return this;
	}

	@Override
	public DataBufferReadStream resume() {
		this.paused = false;
		drain();
		return this;
	}

	@Override
	public DataBufferReadStream endHandler(@Nullable Runnable handler) {
		this.endHandler = handler;
		drain();
		return this;
	}

	@Override
	public DataBufferReadStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		drain();
		return this;
	}

	@Override
	public void cancel() {
		if (this.upstream.isCancelled()) {
			return;
		}
		// Subscribes first if it never did, so that the source learns it is not wanted.
		this.upstream.cancel();
		drain();
	}

	/**
	 * Return the number of buffers received from the source and not yet delivered.
	 * @return the count, at most the batch size
	 */
	public int heldCount() {
		return this.upstream.heldCount();
	}

	/**
	 * Return the bytes of the buffers received from the source and not yet delivered.
	 * @return the bytes
	 */
	public long heldBytes() {
		return this.upstream.heldBytes();
	}

	private void drain() {
		this.delivery.drain();
	}

	private void deliverSignals() {
		if (this.upstream.isCancelled()) {
			this.upstream.releaseHeld();
		}
		else if (!this.terminated) {
			drainHeld();
		}
	}

	private void drainHeld() {
		while (!this.upstream.isCancelled()) {
			Consumer<DataBuffer> current = this.handler;
			if (current == null || this.paused) {
				break;
			}
			DataBuffer buffer = this.upstream.poll();
			if (buffer == null) {
				break;
			}
			if (!deliver(current, buffer)) {
				return;
			}
		}
		if (this.upstream.isCancelled()) {
			this.upstream.releaseHeld();
			return;
		}
		if (!this.paused && this.handler != null) {
			this.upstream.requestMore();
		}
		deliverTerminalIfDone();
	}

	private boolean deliver(Consumer<DataBuffer> current, DataBuffer buffer) {
		try {
			current.accept(buffer);
			return true;
		}
		catch (RuntimeException ex) {
			// The handler owns the buffer now; stop the source and report.
			this.upstream.cancel();
			this.upstream.releaseHeld();
			this.terminated = true;
			notifyFailure(ex);
			return false;
		}
	}

	private void deliverTerminalIfDone() {
		if (!this.upstream.isFinished()) {
			return;
		}
		Throwable failure = this.upstream.error();
		if (failure != null) {
			Consumer<Throwable> onError = this.exceptionHandler;
			if (onError != null) {
				this.terminated = true;
				onError.accept(failure);
			}
			return;
		}
		Runnable onEnd = this.endHandler;
		if (onEnd != null) {
			this.terminated = true;
			onEnd.run();
		}
	}

	private void notifyFailure(Throwable failure) {
		Consumer<Throwable> onError = this.exceptionHandler;
		if (onError != null) {
			onError.accept(failure);
		}
	}

}
