package dev.pump.buffer;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import dev.pump.DrainLoop;
import dev.pump.WriteQueueBytes;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Operators;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * The subscription a {@link DataBufferWriteStream} gives its one subscriber. Its one job
 * is emission: it queues the written buffers, keeps the subscriber's demand, hands it the
 * buffers as it asks for them, then {@code onComplete} once the writer has ended, or
 * {@code onError} on a failure, and releases what is still queued on a failure or cancel.
 * What a cancel, a completion or a bad request means for the stream's end is decided by
 * the stream, through {@link Events}.
 *
 * <p>
 * Threading: {@link #offer} and {@link #end} come from the stream's one writer at a time;
 * {@link #request} and {@link #cancel} from any thread. One {@link DrainLoop} emits, so
 * the subscriber and the events {@code drainDue} and {@code completed} are called on one
 * thread at a time, with no lock held; {@code cancelled} and {@code failed} run on the
 * thread that cancelled or requested. Demand is kept as Reactor's operators keep it: a
 * {@code volatile long} changed with {@link Operators#addCap} and
 * {@link Operators#produced}.
 */
final class DownstreamSubscription implements Subscription {

	private static final AtomicLongFieldUpdater<DownstreamSubscription> REQUESTED = AtomicLongFieldUpdater
		.newUpdater(DownstreamSubscription.class, "requested");

	private static final AtomicIntegerFieldUpdater<DownstreamSubscription> SUBSCRIBED = AtomicIntegerFieldUpdater
		.newUpdater(DownstreamSubscription.class, "subscribed");

	private static final AtomicReferenceFieldUpdater<DownstreamSubscription, @Nullable Throwable> FAILURE = AtomicReferenceFieldUpdater
		.newUpdater(DownstreamSubscription.class, Throwable.class, "failure");

	private final Queue<DataBuffer> queue = new ConcurrentLinkedQueue<>();

	private final WriteQueueBytes queuedBytes;

	private final Events events;

	private final DrainLoop emitter = new DrainLoop(this::emitSignals);

	// Field updaters, not Atomic* objects: a stream per transfer allocates less.
	private volatile long requested;

	private volatile int subscribed;

	private volatile @Nullable Throwable failure;

	private volatile @Nullable Subscriber<? super DataBuffer> actual;

	private volatile boolean ending;

	private volatile boolean cancelled;

	private volatile boolean completed;

	// Written by the drain loop only, read by a cancel from any thread.
	private volatile long emittedBytes;

	// Touched by the drain loop only.
	private boolean errorSent;

	/**
	 * Create the subscription of a stream.
	 * @param queuedBytes the byte count of the stream's write queue, kept here as buffers
	 * are queued, emitted and released
	 * @param events what the stream does when the subscriber acts
	 */
	DownstreamSubscription(WriteQueueBytes queuedBytes, Events events) {
		this.queuedBytes = queuedBytes;
		this.events = events;
	}

	/**
	 * Take the one subscriber, or fail any other at once.
	 * @param subscriber the subscriber
	 */
	void subscribe(Subscriber<? super DataBuffer> subscriber) {
		Objects.requireNonNull(subscriber, "subscriber");
		if (!SUBSCRIBED.compareAndSet(this, 0, 1)) {
			Operators.error(subscriber, new IllegalStateException("DataBufferWriteStream allows one subscriber"));
			return;
		}
		subscriber.onSubscribe(this);
		this.actual = subscriber;
		drain();
	}

	/**
	 * Queue a buffer for the subscriber, counted in the queued bytes.
	 * @param buffer the buffer, owned by this subscription until emitted
	 */
	void offer(DataBuffer buffer) {
		this.queuedBytes.add(buffer.readableByteCount());
		this.queue.offer(buffer);
		drain();
	}

	/**
	 * Signal {@code onComplete} once the subscriber has taken every queued buffer.
	 */
	void end() {
		this.ending = true;
		drain();
	}

	/**
	 * Make {@code cause} the error the subscriber is to receive on the next
	 * {@link #drain()}, unless there is a failure already: the first one wins.
	 * @param cause the failure
	 * @return {@code true} if {@code cause} is now the failure
	 */
	boolean failWith(Throwable cause) {
		return FAILURE.compareAndSet(this, null, cause);
	}

	/**
	 * Return the failure of the transfer, if any.
	 * @return the first failure, or {@code null}
	 */
	@Nullable Throwable failure() {
		return this.failure;
	}

	/**
	 * Whether {@link #end()} has been called.
	 * @return {@code true} once ending
	 */
	boolean isEnding() {
		return this.ending;
	}

	/**
	 * Whether the subscriber has cancelled.
	 * @return {@code true} once cancelled
	 */
	boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Whether the subscriber has received {@code onComplete}.
	 * @return {@code true} once completed
	 */
	boolean isCompleted() {
		return this.completed;
	}

	/**
	 * Whether the subscriber has been handed exactly {@code total} bytes, nothing is
	 * queued and nothing failed.
	 * @param total the bytes of the whole content, or {@code -1} if unknown
	 * @return {@code true} if the subscriber has taken the whole, known content
	 */
	boolean tookExactly(long total) {
		return total >= 0 && this.emittedBytes == total && this.queue.isEmpty() && this.failure == null;
	}

	/**
	 * Emit what is due now, or leave it to the thread that is emitting.
	 */
	void drain() {
		this.emitter.drain();
	}

	@Override
	public void request(long n) {
		if (n <= 0) {
			this.events.failed(new IllegalArgumentException("§3.9: request must be positive, was " + n));
			return;
		}
		Operators.addCap(REQUESTED, this, n);
		drain();
	}

	@Override
	public void cancel() {
		if (this.cancelled) {
			return;
		}
		this.cancelled = true;
		this.events.cancelled();
		drain();
	}

	private void emitSignals() {
		Subscriber<? super DataBuffer> subscriber = this.actual;
		Throwable cause = this.failure;
		if (cause != null || this.cancelled) {
			releaseQueue();
			signalError(subscriber, cause);
			return;
		}
		if (subscriber == null || this.completed) {
			return;
		}
		emit(subscriber);
		if (this.ending && this.queue.isEmpty() && this.failure == null && !this.cancelled) {
			this.completed = true;
			this.actual = null;
			subscriber.onComplete();
			this.events.completed();
		}
	}

	private void emit(Subscriber<? super DataBuffer> subscriber) {
		long emitted = 0;
		long demand = this.requested;
		while (emitted < demand && !this.cancelled && this.failure == null) {
			DataBuffer buffer = this.queue.poll();
			if (buffer == null) {
				break;
			}
			this.queuedBytes.remove(buffer.readableByteCount());
			// Counted first: the subscriber may cancel from within onNext.
			this.emittedBytes += buffer.readableByteCount();
			subscriber.onNext(buffer);
			emitted++;
			if (emitted == demand) {
				demand = Operators.produced(REQUESTED, this, emitted);
				emitted = 0;
			}
		}
		if (emitted > 0) {
			Operators.produced(REQUESTED, this, emitted);
		}
		if (this.queuedBytes.drainDue()) {
			this.events.drainDue();
		}
	}

	private void signalError(@Nullable Subscriber<? super DataBuffer> subscriber, @Nullable Throwable cause) {
		if (subscriber != null && cause != null && !this.errorSent && !this.completed && !this.cancelled) {
			this.errorSent = true;
			this.actual = null;
			subscriber.onError(cause);
		}
		if (this.cancelled) {
			this.actual = null;
		}
	}

	private void releaseQueue() {
		for (DataBuffer buffer = this.queue.poll(); buffer != null; buffer = this.queue.poll()) {
			this.queuedBytes.remove(buffer.readableByteCount());
			DataBuffers.release(buffer);
		}
	}

	/**
	 * What the stream does when its subscriber acts.
	 */
	interface Events {

		/**
		 * The queue has fallen to half its maximum or below after it was full; called by
		 * the drain loop.
		 */
		void drainDue();

		/**
		 * The subscriber has received {@code onComplete}; called by the drain loop.
		 */
		void completed();

		/**
		 * The subscriber has cancelled; called once, on the cancelling thread, before the
		 * queue is released.
		 */
		void cancelled();

		/**
		 * The subscriber broke the protocol (a request of zero or less, §3.9); called on
		 * the requesting thread. The subscriber receives {@code onError} only once the
		 * stream has made {@code cause} the {@link DownstreamSubscription#failWith
		 * failure}.
		 * @param cause the failure
		 */
		void failed(Throwable cause);

	}

}
