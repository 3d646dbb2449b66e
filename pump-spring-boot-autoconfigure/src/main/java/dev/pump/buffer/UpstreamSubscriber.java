package dev.pump.buffer;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.pump.DrainLoop;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.util.concurrent.Queues;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * The subscriber of a {@link DataBufferReadStream} to its source. Its one job is
 * prefetch: it subscribes once, holds the buffers it receives until the stream delivers
 * them, counts them, and requests from the source no more than the batch size, refilling
 * what was delivered in batches of about three quarters of it. Whether to deliver, and to
 * whom, is the stream's business.
 *
 * <p>
 * Threading: the source signals from any thread, one signal at a time (§1.3), and each
 * signal then asks the stream's {@link DrainLoop} to run. {@link #poll()},
 * {@link #requestMore()} and {@link #releaseHeld()} are called by that loop only, so what
 * has not yet been requested is a plain counter of the loop; the held count and bytes are
 * atomic, as anyone may read them.
 */
final class UpstreamSubscriber implements Subscriber<DataBuffer> {

	private static final AtomicIntegerFieldUpdater<UpstreamSubscriber> SUBSCRIBED = AtomicIntegerFieldUpdater
		.newUpdater(UpstreamSubscriber.class, "subscribed");

	private static final AtomicIntegerFieldUpdater<UpstreamSubscriber> HELD_COUNT = AtomicIntegerFieldUpdater
		.newUpdater(UpstreamSubscriber.class, "heldCount");

	private static final AtomicLongFieldUpdater<UpstreamSubscriber> HELD_BYTES = AtomicLongFieldUpdater
		.newUpdater(UpstreamSubscriber.class, "heldBytes");

	private final Publisher<? extends DataBuffer> source;

	private final Runnable drain;

	private final int refillAt;

	private final Queue<DataBuffer> held;

	// Field updaters, not Atomic* objects: a stream per transfer allocates less.
	private volatile int subscribed;

	private volatile int heldCount;

	private volatile long heldBytes;

	private volatile @Nullable Subscription subscription;

	private volatile boolean done;

	private volatile @Nullable Throwable error;

	private volatile boolean cancelled;

	// Touched by the drain loop only.
	private long unrequested;

	/**
	 * Create the subscriber of a stream.
	 * @param source the source, subscribed to on {@link #subscribeOnce()}
	 * @param batchSize how many buffers to request at once, greater than zero
	 * @param drain runs the stream's drain loop, after every signal of the source
	 */
	UpstreamSubscriber(Publisher<? extends DataBuffer> source, int batchSize, Runnable drain) {
		this.source = source;
		this.drain = drain;
		this.refillAt = Math.max(1, batchSize - (batchSize >> 2));
		this.held = Queues.<DataBuffer>get(batchSize).get();
		this.unrequested = batchSize;
	}

	/**
	 * Subscribe to the source, unless done before.
	 */
	void subscribeOnce() {
		if (SUBSCRIBED.compareAndSet(this, 0, 1)) {
			this.source.subscribe(this);
		}
	}

	/**
	 * Cancel the subscription to the source, subscribing first if it never did, so that
	 * the source learns that it is not wanted. Held buffers stay held until
	 * {@link #releaseHeld()}.
	 */
	void cancel() {
		this.cancelled = true;
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
		subscribeOnce();
	}

	/**
	 * Whether the source has been cancelled.
	 * @return {@code true} once cancelled
	 */
	boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Take the next held buffer, counted as delivered; drain loop only.
	 * @return the buffer, or {@code null} if none is held
	 */
	@Nullable DataBuffer poll() {
		DataBuffer buffer = this.held.poll();
		if (buffer != null) {
			unhold(buffer);
			this.unrequested++;
		}
		return buffer;
	}

	/**
	 * Request from the source what has been delivered, once that is enough for a refill
	 * and the source is not done; drain loop only.
	 */
	void requestMore() {
		Subscription current = this.subscription;
		if (current != null && !this.done && this.unrequested >= this.refillAt) {
			long n = this.unrequested;
			this.unrequested = 0;
			current.request(n);
		}
	}

	/**
	 * Whether the source has terminated and every held buffer has been taken.
	 * @return {@code true} once there is nothing more to deliver but the end or error
	 */
	boolean isFinished() {
		return this.done && this.held.isEmpty();
	}

	/**
	 * Return the error the source terminated with.
	 * @return the error, or {@code null} if none
	 */
	@Nullable Throwable error() {
		return this.error;
	}

	/**
	 * Release every held buffer; drain loop only.
	 */
	void releaseHeld() {
		for (DataBuffer buffer = this.held.poll(); buffer != null; buffer = this.held.poll()) {
			unhold(buffer);
			DataBuffers.release(buffer);
		}
	}

	/**
	 * Return the number of buffers received and not yet taken.
	 * @return the count, at most the batch size
	 */
	int heldCount() {
		return this.heldCount;
	}

	/**
	 * Return the bytes of the buffers received and not yet taken.
	 * @return the bytes
	 */
	long heldBytes() {
		return this.heldBytes;
	}

	@Override
	public void onSubscribe(Subscription s) {
		Objects.requireNonNull(s, "subscription");
		if (this.subscription != null) {
			s.cancel();
			return;
		}
		this.subscription = s;
		if (this.cancelled) {
			s.cancel();
			return;
		}
		this.drain.run();
	}

	@Override
	public void onNext(DataBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer");
		if (this.done) {
			DataBuffers.release(buffer);
			return;
		}
		HELD_COUNT.incrementAndGet(this);
		HELD_BYTES.addAndGet(this, buffer.readableByteCount());
		if (!this.held.offer(buffer)) {
			unhold(buffer);
			DataBuffers.release(buffer);
			cancelSubscription();
			onError(Exceptions.failWithOverflow("More buffers than requested"));
			return;
		}
		this.drain.run();
	}

	@Override
	public void onError(Throwable failure) {
		Objects.requireNonNull(failure, "failure");
		if (this.done) {
			return;
		}
		this.error = failure;
		this.done = true;
		this.drain.run();
	}

	@Override
	public void onComplete() {
		this.done = true;
		this.drain.run();
	}

	private void unhold(DataBuffer buffer) {
		HELD_COUNT.decrementAndGet(this);
		HELD_BYTES.addAndGet(this, -buffer.readableByteCount());
	}

	private void cancelSubscription() {
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

}
