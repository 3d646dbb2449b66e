package dev.pump.demo.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.buffer.DataBuffers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A write stream that hands buffers on to another one no faster than a given rate.
 *
 * <h2>Queue</h2> Written buffers wait in this stream's own queue, measured in bytes by a
 * {@link WriteQueueBytes}: it is full when the queued bytes reach the maximum, and the
 * drain handler is called once they fall to half the maximum or below. A buffer is handed
 * on when the rate allows it and the inner stream's queue is not full; the next one then
 * waits for as long as the rate needs to write that buffer. A hand-off that comes late
 * (timers wake up late, the queue ran empty for a moment) is made up for by up to
 * {@value #MAX_CATCH_UP_MILLIS} ms worth of bytes, so the rate holds on average, without
 * long bursts.
 *
 * <h2>Threading</h2> Buffers are handed on by one task at a time on the given scheduler,
 * never while holding the lock.
 */
final class ThrottledWriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	/**
	 * Write queue maximum of a new stream.
	 */
	static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 64 * 1024;

	/**
	 * How late hand-offs may be and still be made up for.
	 */
	static final long MAX_CATCH_UP_MILLIS = 20;

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_CATCH_UP_MILLIS);

	private final WriteStream<DataBuffer> inner;

	private final long bytesPerSecond;

	private final ScheduledExecutorService scheduler;

	private final Object lock = new Object();

	private final ArrayDeque<DataBuffer> queue = new ArrayDeque<>();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final WriteQueueBytes queuedBytes = new WriteQueueBytes(DEFAULT_WRITE_QUEUE_MAX_SIZE);

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	// Guarded by the lock.
	private boolean delivering;

	private boolean ending;

	private boolean innerEndStarted;

	private boolean terminated;

	private long nextHandOffNanos = System.nanoTime();

	ThrottledWriteStream(WriteStream<DataBuffer> inner, long bytesPerSecond, ScheduledExecutorService scheduler) {
		this.inner = inner;
		this.bytesPerSecond = bytesPerSecond;
		this.scheduler = scheduler;
		inner.setWriteQueueMaxSize(DEFAULT_WRITE_QUEUE_MAX_SIZE);
		inner.drainHandler(this::scheduleDelivery);
		inner.exceptionHandler(this::onInnerFailure);
	}

	@Override
	public ThrottledWriteStream write(DataBuffer item) {
		boolean accepted;
		boolean ended;
		synchronized (this.lock) {
			ended = this.ending;
			accepted = !this.terminated && !ended;
			if (accepted) {
				this.queue.add(item);
				this.queuedBytes.add(item.readableByteCount());
			}
		}
		if (!accepted) {
			DataBuffers.release(item);
			if (ended) {
				throw new IllegalStateException("Write stream has ended");
			}
			return this;
		}
		scheduleDelivery();
		return this;
	}

	@Override
	public ThrottledWriteStream setWriteQueueMaxSize(int maxSize) {
		this.queuedBytes.setMaxSize(maxSize);
		this.inner.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.queuedBytes.isFull();
	}

	/**
	 * Return the bytes queued here, not yet handed on: the queue whose maximum is set.
	 * @return the queued bytes
	 */
	long queuedHere() {
		return this.queuedBytes.size();
	}

	/**
	 * Return the bytes queued here and in the inner stream, if it tells.
	 * @return the queued bytes
	 */
	@Override
	public long writeQueueSize() {
		long innerQueue = (this.inner instanceof WriteQueueSize size) ? size.writeQueueSize() : 0;
		return this.queuedBytes.size() + innerQueue;
	}

	@Override
	public ThrottledWriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public ThrottledWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		synchronized (this.lock) {
			this.ending = true;
		}
		scheduleDelivery();
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		terminate();
		// Even after an inner failure: abort is what undoes the inner stream's output.
		this.inner.abort(cause);
		this.ended.completeExceptionally(cause);
	}

	private void onInnerFailure(Throwable failure) {
		if (terminate()) {
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(failure);
			}
			this.ended.completeExceptionally(failure);
		}
	}

	private boolean terminate() {
		List<DataBuffer> dropped;
		synchronized (this.lock) {
			if (this.terminated) {
				return false;
			}
			this.terminated = true;
			dropped = new ArrayList<>(this.queue);
			this.queue.clear();
			this.queuedBytes.remove(this.queuedBytes.size());
		}
		dropped.forEach(DataBuffers::release);
		return true;
	}

	private void scheduleDelivery() {
		synchronized (this.lock) {
			if (this.delivering || this.terminated) {
				return;
			}
			this.delivering = true;
		}
		this.scheduler.execute(this::deliver);
	}

	/**
	 * Hand buffers on while the rate and the inner stream allow it. Runs as one task at a
	 * time: {@code delivering} is true from its scheduling until it stops.
	 */
	private void deliver() {
		while (true) {
			boolean innerFull = this.inner.writeQueueFull();
			DataBuffer next;
			boolean drained = false;
			boolean endInner = false;
			synchronized (this.lock) {
				if (this.terminated || innerFull) {
					this.delivering = false;
				}
			}
			if (innerFull) {
				// The inner drain handler schedules the next delivery, unless it came
				// before delivering was cleared: check again.
				if (!this.inner.writeQueueFull()) {
					scheduleDelivery();
				}
				return;
			}
			synchronized (this.lock) {
				if (this.terminated) {
					return;
				}
				next = this.queue.peek();
				if (next == null) {
					this.delivering = false;
					endInner = this.ending && !this.innerEndStarted;
					this.innerEndStarted |= endInner;
				}
				else {
					long now = System.nanoTime();
					long wait = this.nextHandOffNanos - now;
					if (wait > 0) {
						this.scheduler.schedule(this::deliver, wait, TimeUnit.NANOSECONDS);
						return;
					}
					this.queue.poll();
					int size = next.readableByteCount();
					this.queuedBytes.remove(size);
					// Without the catch-up, every late wake-up would lower the rate.
					this.nextHandOffNanos = Math.max(this.nextHandOffNanos, now - MAX_CATCH_UP_NANOS) + cost(size);
					drained = this.queuedBytes.drainDue();
				}
			}
			if (next == null) {
				if (endInner) {
					endInner();
				}
				return;
			}
			handOff(next, drained);
		}
	}

	private void handOff(DataBuffer buffer, boolean drained) {
		try {
			this.inner.write(buffer);
		}
		catch (RuntimeException ex) {
			onInnerFailure(ex);
			return;
		}
		Runnable handler = this.drainHandler;
		if (drained && handler != null) {
			handler.run();
		}
	}

	private long cost(int size) {
		return (long) ((double) size * NANOS_PER_SECOND / this.bytesPerSecond);
	}

	private void endInner() {
		this.inner.end().whenComplete((ignored, failure) -> {
			if (failure != null) {
				this.ended.completeExceptionally(failure);
			}
			else {
				this.ended.complete(null);
			}
		});
	}

}
