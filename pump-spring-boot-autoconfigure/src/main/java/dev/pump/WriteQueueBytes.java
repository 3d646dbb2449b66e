package dev.pump;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The byte accounting of a write stream's queue, as {@link WriteStream} defines it: full
 * once the queued bytes reach the maximum; after being full, the drain is due once they
 * fall to half the maximum or below. Thread-safe: bytes may be added by the writer and
 * removed by the thread that empties the queue.
 */
public final class WriteQueueBytes {

	private static final AtomicLongFieldUpdater<WriteQueueBytes> QUEUED = AtomicLongFieldUpdater
		.newUpdater(WriteQueueBytes.class, "queued");

	private static final AtomicIntegerFieldUpdater<WriteQueueBytes> FULL = AtomicIntegerFieldUpdater
		.newUpdater(WriteQueueBytes.class, "full");

	private volatile long queued;

	// 1 from the moment the queue is full until the drain it owes is reported.
	private volatile int full;

	private volatile int maxSize;

	private volatile int drainRoom;

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
	 * Make the drain due as soon as the queue has room for this many bytes again, if that
	 * comes before it falls to half its maximum: for a stream that empties its queue in
	 * large steps, such as the parts of an upload, so that the writer can fill the next
	 * step while the others are still on their way.
	 * @param bytes the room, zero for the default (half the maximum)
	 * @throws IllegalArgumentException if {@code bytes} is negative
	 */
	public void drainWhenRoomFor(int bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("bytes must not be negative: " + bytes);
		}
		this.drainRoom = bytes;
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
		if (QUEUED.addAndGet(this, bytes) >= this.maxSize && this.full == 0) {
			this.full = 1;
		}
	}

	/**
	 * Count bytes that left the queue.
	 * @param bytes the bytes
	 */
	public void remove(long bytes) {
		QUEUED.addAndGet(this, -bytes);
	}

	/**
	 * Return the queued bytes.
	 * @return the bytes
	 */
	public long size() {
		return this.queued;
	}

	/**
	 * Whether the queued bytes have reached the maximum.
	 * @return {@code true} if full
	 */
	public boolean isFull() {
		return this.queued >= this.maxSize;
	}

	/**
	 * Whether the drain handler is due: the queue was full and has fallen to half its
	 * maximum (or has {@link #drainWhenRoomFor(int) room} again). Answers {@code true}
	 * once per time the queue was full.
	 * @return {@code true} if the caller must call the drain handler now
	 */
	public boolean drainDue() {
		int maxSize = this.maxSize;
		int room = this.drainRoom;
		long drainAt = (room == 0) ? maxSize / 2 : Math.max(maxSize / 2, (long) maxSize - room);
		if (this.queued > drainAt || this.full == 0 || !FULL.compareAndSet(this, 1, 0)) {
			return false;
		}
		// A writer may have filled the queue again after the check above and seen the old
		// flag: whichever of it and us writes last sees the other's write, so the drain
		// it
		// will be owed is not lost.
		if (this.queued >= maxSize) {
			this.full = 1;
		}
		return true;
	}

}
