package dev.pump;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte accounting of a write stream's queue, as {@link WriteStream} defines it: full
 * once the queued bytes reach the maximum; after being full, the drain is due once they
 * fall to half the maximum or below. Thread-safe: bytes may be added by the writer and
 * removed by the thread that empties the queue.
 */
public final class WriteQueueBytes {

	private final AtomicLong queued = new AtomicLong();

	private final AtomicBoolean full = new AtomicBoolean();

	private volatile int maxSize;

	/**
	 * Create the accounting of an empty queue.
	 * @param maxSize the maximum, greater than zero
	 */
	public WriteQueueBytes(int maxSize) {
		setMaxSize(maxSize);
	}

	/**
	 * Set the maximum.
	 * @param maxSize the maximum, greater than zero
	 * @throws IllegalArgumentException if {@code maxSize} is not positive
	 */
	public void setMaxSize(int maxSize) {
		if (maxSize <= 0) {
			throw new IllegalArgumentException("maxSize must be greater than zero: " + maxSize);
		}
		this.maxSize = maxSize;
	}

	/**
	 * Return the maximum.
	 * @return the maximum, in bytes
	 */
	public int maxSize() {
		return this.maxSize;
	}

	/**
	 * Count bytes that entered the queue.
	 * @param bytes the bytes
	 */
	public void add(long bytes) {
		if (this.queued.addAndGet(bytes) >= this.maxSize) {
			this.full.set(true);
		}
	}

	/**
	 * Count bytes that left the queue.
	 * @param bytes the bytes
	 */
	public void remove(long bytes) {
		this.queued.addAndGet(-bytes);
	}

	/**
	 * Return the queued bytes.
	 * @return the bytes
	 */
	public long size() {
		return this.queued.get();
	}

	/**
	 * Whether the queued bytes have reached the maximum.
	 * @return {@code true} if full
	 */
	public boolean isFull() {
		return this.queued.get() >= this.maxSize;
	}

	/**
	 * Whether the drain handler is due: the queue was full and has fallen to half its
	 * maximum. Answers {@code true} once per time the queue was full.
	 * @return {@code true} if the caller must call the drain handler now
	 */
	public boolean drainDue() {
		return this.queued.get() <= this.maxSize / 2 && this.full.compareAndSet(true, false);
	}

}
