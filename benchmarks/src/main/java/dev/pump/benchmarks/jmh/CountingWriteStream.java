package dev.pump.benchmarks.jmh;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.pump.WriteStream;
import dev.pump.buffer.DataBuffers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A pump {@link WriteStream} whose "queue" is a byte count: a write counts the buffer and
 * releases it; the benchmark plays the consumer with {@link #drain()}, which empties the
 * queue and calls the drain handler if the queue was full. Single-threaded.
 */
final class CountingWriteStream implements WriteStream<DataBuffer> {

	private static final CompletableFuture<Void> ENDED = CompletableFuture.completedFuture(null);

	private int maxSize = 256 * 1024;

	private long queued;

	private long written;

	private @Nullable Runnable drainHandler;

	@Override
	public CountingWriteStream write(DataBuffer item) {
		int size = item.readableByteCount();
		this.queued += size;
		this.written += size;
		DataBuffers.release(item);
		return this;
	}

	@Override
	public CountingWriteStream setWriteQueueMaxSize(int maxSize) {
		this.maxSize = maxSize;
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.queued >= this.maxSize;
	}

	@Override
	public CountingWriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public CountingWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		return ENDED;
	}

	@Override
	public void abort(Throwable cause) {
		this.queued = 0;
	}

	/**
	 * Empty the queue, as a consumer that has written everything out.
	 */
	void drain() {
		boolean wasFull = writeQueueFull();
		this.queued = 0;
		Runnable handler = this.drainHandler;
		if (wasFull && handler != null) {
			handler.run();
		}
	}

	long written() {
		return this.written;
	}

}
