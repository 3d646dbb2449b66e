package dev.pump.demo.tus;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Cuts a chunk into parts of a fixed size, prefixed by the bytes that waited for a full
 * part, and hands each full part to an uploader, one at a time: the stream is full while
 * a part is being uploaded, so its memory stays within two parts. What is left at the
 * end, less than a part, is the {@link #remainder()}.
 *
 * <h2>Threading</h2> Thread-safe: written on an event loop, drained by the uploader's
 * completion.
 */
final class S3PartWriteStream implements WriteStream<DataBuffer> {

	private static final int INITIAL_BUFFER_SIZE = 256 * 1024;

	private final int partSize;

	private final Function<byte[], CompletableFuture<Void>> uploader;

	private final @Nullable Consumer<ByteBuffer> observer;

	private byte[] buffer;

	private int filled;

	private long bytesWritten;

	private CompletableFuture<Void> uploads = CompletableFuture.completedFuture(null);

	private boolean closed;

	private @Nullable Throwable failure;

	private @Nullable Runnable drainHandler;

	private @Nullable Consumer<Throwable> exceptionHandler;

	/**
	 * Create a stream.
	 * @param waiting the bytes that waited for a full part, shorter than a part
	 * @param partSize the size of a part
	 * @param uploader uploads a full part, in order; the array is the stream's no more
	 * @param observer sees every byte written (not the waiting ones), or {@code null}
	 */
	S3PartWriteStream(byte[] waiting, int partSize, Function<byte[], CompletableFuture<Void>> uploader,
			@Nullable Consumer<ByteBuffer> observer) {
		this.partSize = partSize;
		this.uploader = uploader;
		this.observer = observer;
		// Small chunks are common (5 MiB, or less from browsers): the buffer grows to a
		// part only when a chunk needs it.
		this.buffer = Arrays.copyOf(waiting, Math.min(partSize, Math.max(waiting.length, INITIAL_BUFFER_SIZE)));
		this.filled = waiting.length;
	}

	@Override
	public S3PartWriteStream write(DataBuffer item) {
		try {
			synchronized (this) {
				if (this.closed || this.failure != null) {
					return this;
				}
				while (item.readableByteCount() > 0) {
					int length = Math.min(item.readableByteCount(), this.partSize - this.filled);
					if (this.filled + length > this.buffer.length) {
						this.buffer = Arrays.copyOf(this.buffer,
								Math.min(this.partSize, Math.max(this.filled + length, this.buffer.length * 2)));
					}
					item.read(this.buffer, this.filled, length);
					if (this.observer != null) {
						this.observer.accept(ByteBuffer.wrap(this.buffer, this.filled, length));
					}
					this.filled += length;
					this.bytesWritten += length;
					if (this.filled == this.partSize) {
						seal();
					}
				}
			}
		}
		finally {
			DataBufferUtils.release(item);
		}
		return this;
	}

	private void seal() {
		byte[] part = this.buffer;
		this.buffer = new byte[this.partSize];
		this.filled = 0;
		this.uploads = this.uploads.thenCompose((ignored) -> this.uploader.apply(part));
		this.uploads.whenComplete((ignored, ex) -> uploaded(ex));
	}

	private void uploaded(@Nullable Throwable ex) {
		Runnable drain;
		Consumer<Throwable> failed;
		synchronized (this) {
			if (ex != null && this.failure == null) {
				this.failure = ex;
				failed = this.exceptionHandler;
				drain = null;
			}
			else {
				failed = null;
				drain = (ex == null && this.uploads.isDone()) ? this.drainHandler : null;
			}
		}
		if (failed != null) {
			failed.accept(ex);
		}
		if (drain != null) {
			drain.run();
		}
	}

	@Override
	public S3PartWriteStream setWriteQueueMaxSize(int maxSize) {
		// The queue is one part: the size of a part is fixed by S3's rules.
		return this;
	}

	@Override
	public synchronized boolean writeQueueFull() {
		return !this.uploads.isDone();
	}

	@Override
	public synchronized S3PartWriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public synchronized S3PartWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	@Override
	public synchronized CompletableFuture<Void> end() {
		this.closed = true;
		return this.uploads;
	}

	@Override
	public synchronized void abort(Throwable cause) {
		this.closed = true;
	}

	/**
	 * Wait for the parts in flight, whatever the outcome.
	 * @return completes once no part is in flight
	 */
	synchronized CompletableFuture<Void> settled() {
		return this.uploads.handle((ignored, ex) -> null);
	}

	/**
	 * Return whether a part failed to upload: then the bytes after it are lost.
	 * @return whether one did
	 */
	synchronized boolean failed() {
		return this.failure != null;
	}

	/**
	 * Return the bytes after the last full part, once settled.
	 * @return the bytes
	 */
	synchronized byte[] remainder() {
		byte[] remainder = new byte[this.filled];
		System.arraycopy(this.buffer, 0, remainder, 0, this.filled);
		return remainder;
	}

	/**
	 * Return how many bytes of the chunk were written, not counting the waiting ones.
	 * @return the count
	 */
	synchronized long bytesWritten() {
		return this.bytesWritten;
	}

}
