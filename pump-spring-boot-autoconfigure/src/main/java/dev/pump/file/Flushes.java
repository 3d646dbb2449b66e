package dev.pump.file;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The pending {@link AsyncFileWriteStream#flush() flushes} of a stream: each waits for
 * the bytes accepted before it to be written. Flushes are added by the caller of
 * {@code write()} and {@code flush()}, and completed or failed by the writing task.
 */
final class Flushes {

	private final Queue<PendingFlush> pending = new ConcurrentLinkedQueue<>();

	/**
	 * Add a flush.
	 * @param bytes the bytes that must be written for it to complete
	 * @return the future of the flush
	 */
	CompletableFuture<Void> add(long bytes) {
		CompletableFuture<Void> flushed = new CompletableFuture<>();
		this.pending.offer(new PendingFlush(bytes, flushed));
		return flushed;
	}

	/**
	 * Complete the flushes whose bytes are written, in order.
	 * @param bytesWritten the bytes written so far
	 */
	void completeUpTo(long bytesWritten) {
		for (PendingFlush flush = this.pending.peek(); flush != null
				&& flush.bytes() <= bytesWritten; flush = this.pending.peek()) {
			this.pending.poll();
			flush.future().complete(null);
		}
	}

	/**
	 * Fail every pending flush.
	 * @param cause the failure or the cause of the abort
	 */
	void failAll(Throwable cause) {
		for (PendingFlush flush = this.pending.poll(); flush != null; flush = this.pending.poll()) {
			flush.future().completeExceptionally(cause);
		}
	}

	private record PendingFlush(long bytes, CompletableFuture<Void> future) {

	}

}
