package dev.pump.buffer;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

import dev.pump.DrainLoop;
import dev.pump.ReadStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.util.concurrent.Queues;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

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

	private static final AtomicIntegerFieldUpdater<DataBufferReadStream> SUBSCRIBED = AtomicIntegerFieldUpdater
		.newUpdater(DataBufferReadStream.class, "subscribed");

	private static final AtomicIntegerFieldUpdater<DataBufferReadStream> HELD_COUNT = AtomicIntegerFieldUpdater
		.newUpdater(DataBufferReadStream.class, "heldCount");

	private static final AtomicLongFieldUpdater<DataBufferReadStream> HELD_BYTES = AtomicLongFieldUpdater
		.newUpdater(DataBufferReadStream.class, "heldBytes");

	private final Publisher<? extends DataBuffer> source;

	private final int refillAt;

	private final Queue<DataBuffer> held;

	private final Upstream upstream = new Upstream();

	private final DrainLoop delivery = new DrainLoop(this::deliverSignals);

	// Field updaters, not Atomic* objects: a stream per transfer allocates less.
	private volatile int subscribed;

	private volatile int heldCount;

	private volatile long heldBytes;

	private volatile @Nullable Subscription subscription;

	private volatile @Nullable Consumer<DataBuffer> handler;

	private volatile @Nullable Runnable endHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private volatile boolean paused;

	private volatile boolean done;

	private volatile @Nullable Throwable error;

	private volatile boolean cancelled;

	// Touched by the drain loop only.
	private long unrequested;

	private boolean terminated;

	private DataBufferReadStream(Publisher<? extends DataBuffer> source, int batchSize) {
		if (batchSize <= 0) {
			throw new IllegalArgumentException("batchSize must be greater than zero: " + batchSize);
		}
		this.source = Objects.requireNonNull(source, "source");
		this.refillAt = Math.max(1, batchSize - (batchSize >> 2));
		this.held = Queues.<DataBuffer>get(batchSize).get();
		this.unrequested = batchSize;
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
			subscribeOnce();
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
		if (this.cancelled) {
			return;
		}
		this.cancelled = true;
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
		// Never subscribed: subscribe so that the source learns it is not wanted.
		subscribeOnce();
		drain();
	}

	/**
	 * Return the number of buffers received from the source and not yet delivered.
	 * @return the count, at most the batch size
	 */
	public int heldCount() {
		return this.heldCount;
	}

	/**
	 * Return the bytes of the buffers received from the source and not yet delivered.
	 * @return the bytes
	 */
	public long heldBytes() {
		return this.heldBytes;
	}

	private void subscribeOnce() {
		if (SUBSCRIBED.compareAndSet(this, 0, 1)) {
			this.source.subscribe(this.upstream);
		}
	}

	private void drain() {
		this.delivery.drain();
	}

	private void deliverSignals() {
		if (this.cancelled) {
			releaseHeld();
		}
		else if (!this.terminated) {
			drainHeld();
		}
	}

	private void drainHeld() {
		while (!this.cancelled) {
			Consumer<DataBuffer> current = this.handler;
			if (current == null || this.paused) {
				break;
			}
			DataBuffer buffer = this.held.poll();
			if (buffer == null) {
				break;
			}
			unhold(buffer);
			this.unrequested++;
			if (!deliver(current, buffer)) {
				return;
			}
		}
		if (this.cancelled) {
			releaseHeld();
			return;
		}
		requestMore();
		deliverTerminalIfDone();
	}

	private boolean deliver(Consumer<DataBuffer> current, DataBuffer buffer) {
		try {
			current.accept(buffer);
			return true;
		}
		catch (RuntimeException ex) {
			// The handler owns the buffer now; stop the source and report.
			this.cancelled = true;
			cancelUpstream();
			releaseHeld();
			this.terminated = true;
			notifyFailure(ex);
			return false;
		}
	}

	private void requestMore() {
		Subscription current = this.subscription;
		if (current != null && !this.done && !this.paused && this.handler != null
				&& this.unrequested >= this.refillAt) {
			long n = this.unrequested;
			this.unrequested = 0;
			current.request(n);
		}
	}

	private void deliverTerminalIfDone() {
		if (!this.done || !this.held.isEmpty()) {
			return;
		}
		Throwable failure = this.error;
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

	private void releaseHeld() {
		for (DataBuffer buffer = this.held.poll(); buffer != null; buffer = this.held.poll()) {
			unhold(buffer);
			DataBufferUtils.release(buffer);
		}
	}

	private void unhold(DataBuffer buffer) {
		HELD_COUNT.decrementAndGet(this);
		HELD_BYTES.addAndGet(this, -buffer.readableByteCount());
	}

	private void cancelUpstream() {
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

	/**
	 * The subscriber to the source, kept apart so that its methods are not public API of
	 * the stream.
	 */
	private final class Upstream implements Subscriber<DataBuffer> {

		@Override
		public void onSubscribe(Subscription s) {
			Objects.requireNonNull(s, "subscription");
			DataBufferReadStream stream = DataBufferReadStream.this;
			if (stream.subscription != null) {
				s.cancel();
				return;
			}
			stream.subscription = s;
			if (stream.cancelled) {
				s.cancel();
				return;
			}
			stream.drain();
		}

		@Override
		public void onNext(DataBuffer buffer) {
			Objects.requireNonNull(buffer, "buffer");
			DataBufferReadStream stream = DataBufferReadStream.this;
			if (stream.done) {
				DataBufferUtils.release(buffer);
				return;
			}
			HELD_COUNT.incrementAndGet(stream);
			HELD_BYTES.addAndGet(stream, buffer.readableByteCount());
			if (!stream.held.offer(buffer)) {
				stream.unhold(buffer);
				DataBufferUtils.release(buffer);
				stream.cancelUpstream();
				onError(Exceptions.failWithOverflow("More buffers than requested"));
				return;
			}
			stream.drain();
		}

		@Override
		public void onError(Throwable failure) {
			Objects.requireNonNull(failure, "failure");
			DataBufferReadStream stream = DataBufferReadStream.this;
			if (stream.done) {
				return;
			}
			stream.error = failure;
			stream.done = true;
			stream.drain();
		}

		@Override
		public void onComplete() {
			DataBufferReadStream stream = DataBufferReadStream.this;
			stream.done = true;
			stream.drain();
		}

	}

}
