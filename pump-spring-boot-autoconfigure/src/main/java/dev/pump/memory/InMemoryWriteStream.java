package dev.pump.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import dev.pump.ItemSizes;
import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WriteStream} whose queue you drain yourself with {@link #take()}, from any
 * thread: for tests, and for applications that consume items themselves. The queue is
 * measured in bytes for {@code byte[]}, {@code ByteBuffer} and {@code DataBuffer} items
 * (one per item otherwise). {@link #end()} completes once the queue is empty.
 *
 * <p>
 * Items taken belong to the taker. Items dropped by {@link #abort(Throwable)} or
 * {@link #fail(Throwable)}, or written after them, go to the discard action given at
 * construction.
 *
 * @param <T> the type of items
 */
public final class InMemoryWriteStream<T> implements WriteStream<T>, WriteQueueSize {

	/**
	 * Write queue maximum of a new stream.
	 */
	public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 64 * 1024;

	private final Object lock = new Object();

	private final ArrayDeque<T> queue = new ArrayDeque<>();

	private final ToLongFunction<? super T> sizer;

	private final Consumer<? super T> discard;

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final WriteQueueBytes queuedSize = new WriteQueueBytes(DEFAULT_WRITE_QUEUE_MAX_SIZE);

	private volatile boolean ending;

	private volatile @Nullable Throwable aborted;

	private volatile @Nullable Throwable failed;

	private volatile @Nullable Throwable endFailure;

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	/**
	 * Create a stream that measures items in bytes and drops what it discards.
	 */
	public InMemoryWriteStream() {
		this((item) -> {
		});
	}

	/**
	 * Create a stream that measures items in bytes.
	 * @param discard what to do with items dropped by abort
	 */
	public InMemoryWriteStream(Consumer<? super T> discard) {
		this(ItemSizes::of, discard);
	}

	/**
	 * Create a stream with its own measure of items.
	 * @param sizer the size of an item in the queue
	 * @param discard what to do with items dropped by abort
	 */
	public InMemoryWriteStream(ToLongFunction<? super T> sizer, Consumer<? super T> discard) {
		this.sizer = Objects.requireNonNull(sizer, "sizer");
		this.discard = Objects.requireNonNull(discard, "discard");
	}

	@Override
	public InMemoryWriteStream<T> write(T item) {
		Objects.requireNonNull(item, "item");
		boolean accepted;
		synchronized (this.lock) {
			accepted = this.aborted == null && this.failed == null && !this.ending;
			if (accepted) {
				this.queue.add(item);
				this.queuedSize.add(this.sizer.applyAsLong(item));
			}
		}
		if (!accepted) {
			this.discard.accept(item);
			if (this.ending) {
				throw new IllegalStateException("Write stream has ended");
			}
		}
		return this;
	}

	@Override
	public InMemoryWriteStream<T> setWriteQueueMaxSize(int maxSize) {
		this.queuedSize.setMaxSize(maxSize);
		return this;
	}

	/**
	 * Return the maximum size of the write queue.
	 * @return the maximum
	 */
	public int writeQueueMaxSize() {
		return this.queuedSize.maxSize();
	}

	@Override
	public boolean writeQueueFull() {
		return this.queuedSize.isFull();
	}

	@Override
	public long writeQueueSize() {
		return this.queuedSize.size();
	}

	@Override
	public InMemoryWriteStream<T> drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public InMemoryWriteStream<T> exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	/**
	 * Make the next {@link #end()} fail with the given error, once the queue is empty.
	 * @param failure the failure
	 * @return this stream
	 */
	public InMemoryWriteStream<T> failEndWith(Throwable failure) {
		this.endFailure = failure;
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		this.ending = true;
		completeEndIfEmpty();
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		synchronized (this.lock) {
			if (this.aborted != null) {
				return;
			}
			this.aborted = cause;
		}
		close(cause);
	}

	/**
	 * Fail the destination, as a real destination would on an I/O error: the queue is
	 * released, {@link #end()} fails, and the exception handler is called, once.
	 * @param failure the failure
	 */
	public void fail(Throwable failure) {
		Objects.requireNonNull(failure, "failure");
		synchronized (this.lock) {
			if (this.failed != null || this.aborted != null) {
				return;
			}
			this.failed = failure;
		}
		close(failure);
		Consumer<Throwable> handler = this.exceptionHandler;
		if (handler != null) {
			handler.accept(failure);
		}
	}

	// Once aborted or failed: drop the queue and fail the end.
	private void close(Throwable cause) {
		List<T> dropped;
		synchronized (this.lock) {
			dropped = new ArrayList<>(this.queue);
			this.queue.clear();
			this.queuedSize.remove(this.queuedSize.size());
		}
		dropped.forEach(this.discard);
		this.ended.completeExceptionally(cause);
	}

	/**
	 * Take the oldest queued item, calling the drain handler if the queue has fallen to
	 * half its maximum after being full.
	 * @return the item, or {@code null} if the queue is empty
	 */
	public @Nullable T take() {
		T item;
		boolean drained;
		synchronized (this.lock) {
			item = this.queue.poll();
			if (item != null) {
				this.queuedSize.remove(this.sizer.applyAsLong(item));
			}
			drained = this.queuedSize.drainDue();
		}
		Runnable handler = this.drainHandler;
		if (drained && handler != null) {
			handler.run();
		}
		completeEndIfEmpty();
		return item;
	}

	/**
	 * Take every queued item.
	 * @return the items, oldest first
	 */
	public List<T> takeAll() {
		List<T> items = new ArrayList<>();
		for (T item = take(); item != null; item = take()) {
			items.add(item);
		}
		return items;
	}

	/**
	 * Whether {@link #end()} was called.
	 * @return {@code true} once ending
	 */
	public boolean isEnding() {
		return this.ending;
	}

	/**
	 * Whether {@link #end()} has completed successfully.
	 * @return {@code true} once ended
	 */
	public boolean isEnded() {
		return this.ended.isDone() && !this.ended.isCompletedExceptionally();
	}

	/**
	 * Return why the stream was aborted.
	 * @return the cause, or {@code null} if not aborted
	 */
	public @Nullable Throwable abortCause() {
		return this.aborted;
	}

	private void completeEndIfEmpty() {
		if (!this.ending || this.ended.isDone()) {
			return;
		}
		synchronized (this.lock) {
			if (!this.queue.isEmpty() || this.aborted != null || this.failed != null) {
				return;
			}
		}
		Throwable failure = this.endFailure;
		if (failure != null) {
			this.ended.completeExceptionally(failure);
		}
		else {
			this.ended.complete(null);
		}
	}

}
