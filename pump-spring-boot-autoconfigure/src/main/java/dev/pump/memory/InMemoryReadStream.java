package dev.pump.memory;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

import dev.pump.DrainLoop;
import dev.pump.ReadStream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReadStream} you push items into, from any thread: for tests, and for
 * applications that produce items themselves. Items are held while the stream is paused
 * or has no handler, and delivered in order; the end or a failure is delivered after the
 * items pushed before it. Records how often it was paused and resumed.
 *
 * <p>
 * Items still held when the stream is {@link #cancel() cancelled} go to the discard
 * action given at construction (release them there if they are pooled buffers).
 *
 * @param <T> the type of items
 */
public final class InMemoryReadStream<T> implements ReadStream<T> {

	private final Object lock = new Object();

	private final ArrayDeque<T> pending = new ArrayDeque<>();

	private final DrainLoop delivery = new DrainLoop(this::deliverHeld);

	private final Consumer<? super T> discard;

	private volatile @Nullable Consumer<T> handler;

	private volatile @Nullable Runnable endHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private volatile boolean paused;

	private volatile boolean ended;

	private volatile @Nullable Throwable failure;

	private volatile boolean terminated;

	private volatile boolean cancelled;

	private volatile int pauseCount;

	private volatile int resumeCount;

	/**
	 * Create a stream that drops held items on cancel.
	 */
	public InMemoryReadStream() {
		this((item) -> {
		});
	}

	/**
	 * Create a stream that hands held items to {@code discard} on cancel.
	 * @param discard what to do with items that will never be delivered
	 */
	public InMemoryReadStream(Consumer<? super T> discard) {
		this.discard = Objects.requireNonNull(discard, "discard");
	}

	/**
	 * Push an item; it is delivered now or held until the stream can deliver it. An item
	 * pushed after cancel, end or failure is discarded.
	 * @param item the item
	 * @return this stream
	 */
	public InMemoryReadStream<T> push(T item) {
		Objects.requireNonNull(item, "item");
		boolean accepted;
		synchronized (this.lock) {
			accepted = !this.cancelled && !this.ended && this.failure == null;
			if (accepted) {
				this.pending.add(item);
			}
		}
		if (!accepted) {
			this.discard.accept(item);
		}
		deliver();
		return this;
	}

	/**
	 * End the stream after the items pushed so far.
	 * @return this stream
	 */
	public InMemoryReadStream<T> end() {
		this.ended = true;
		deliver();
		return this;
	}

	/**
	 * Fail the stream after the items pushed so far.
	 * @param failure the failure
	 * @return this stream
	 */
	public InMemoryReadStream<T> fail(Throwable failure) {
		synchronized (this.lock) {
			if (this.failure == null && !this.ended) {
				this.failure = Objects.requireNonNull(failure, "failure");
			}
		}
		deliver();
		return this;
	}

	@Override
	public InMemoryReadStream<T> handler(@Nullable Consumer<T> handler) {
		this.handler = handler;
		deliver();
		return this;
	}

	@Override
	public InMemoryReadStream<T> pause() {
		this.pauseCount++;
		this.paused = true;
		return this;
	}

	@Override
	public InMemoryReadStream<T> resume() {
		this.resumeCount++;
		this.paused = false;
		deliver();
		return this;
	}

	@Override
	public InMemoryReadStream<T> endHandler(@Nullable Runnable handler) {
		this.endHandler = handler;
		deliver();
		return this;
	}

	@Override
	public InMemoryReadStream<T> exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		deliver();
		return this;
	}

	@Override
	public void cancel() {
		ArrayDeque<T> dropped;
		synchronized (this.lock) {
			this.cancelled = true;
			this.terminated = true;
			dropped = new ArrayDeque<>(this.pending);
			this.pending.clear();
		}
		dropped.forEach(this.discard);
	}

	/**
	 * Whether the stream is paused right now.
	 * @return {@code true} if paused
	 */
	public boolean isPaused() {
		return this.paused;
	}

	/**
	 * Return how many times {@link #pause()} was called.
	 * @return the count
	 */
	public int pauseCount() {
		return this.pauseCount;
	}

	/**
	 * Return how many times {@link #resume()} was called.
	 * @return the count
	 */
	public int resumeCount() {
		return this.resumeCount;
	}

	/**
	 * Whether {@link #cancel()} was called.
	 * @return {@code true} if cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Whether the end or the failure has been delivered to a handler.
	 * @return {@code true} once terminated
	 */
	public boolean isTerminated() {
		return this.terminated && !this.cancelled;
	}

	/**
	 * Return how many items are held, waiting for delivery.
	 * @return the count
	 */
	public int pendingCount() {
		synchronized (this.lock) {
			return this.pending.size();
		}
	}

	// One thread at a time delivers, and no lock is held while calling a handler.
	private void deliver() {
		this.delivery.drain();
	}

	private void deliverHeld() {
		while (!this.terminated) {
			Consumer<T> current = this.handler;
			boolean canDeliver = !this.paused && current != null;
			T item = null;
			synchronized (this.lock) {
				if (canDeliver) {
					item = this.pending.poll();
				}
				else if (!this.pending.isEmpty()) {
					return;
				}
			}
			if (item == null || current == null) {
				// Nothing held: the end or a failure need not wait for a handler or a
				// resume.
				deliverTerminal();
				return;
			}
			current.accept(item);
		}
	}

	private void deliverTerminal() {
		Throwable error = this.failure;
		if (error != null) {
			Consumer<Throwable> onError = this.exceptionHandler;
			if (onError != null) {
				this.terminated = true;
				onError.accept(error);
			}
		}
		else if (this.ended) {
			Runnable onEnd = this.endHandler;
			if (onEnd != null) {
				this.terminated = true;
				onEnd.run();
			}
		}
	}

}
