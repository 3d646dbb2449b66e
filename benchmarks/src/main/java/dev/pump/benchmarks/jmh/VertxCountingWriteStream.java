package dev.pump.benchmarks.jmh;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import org.jspecify.annotations.Nullable;

/**
 * The Vert.x twin of {@link CountingWriteStream}: a byte-count queue that the benchmark
 * empties with {@link #drain()}.
 */
final class VertxCountingWriteStream implements WriteStream<Buffer> {

	// One completed future, as CountingWriteStream returns one for end(): no allocation
	// per
	// write on either side.
	private static final Future<Void> SUCCEEDED = Future.succeededFuture();

	private int maxSize = 256 * 1024;

	private long queued;

	private long written;

	private @Nullable Handler<Void> drainHandler;

	@Override
	public VertxCountingWriteStream exceptionHandler(@Nullable Handler<Throwable> handler) {
		return this;
	}

	@Override
	public Future<Void> write(Buffer data) {
		int size = data.length();
		this.queued += size;
		this.written += size;
		// No release: a Vert.x Buffer is not reference counted (it wraps an unpooled heap
		// ByteBuf that the garbage collector takes), and Vert.x's own write streams do
		// not
		// release it. The pump's stream releases each DataBuffer as every DataBuffer
		// stream must (DataBuffers.release, as the library's streams do): work Vert.x
		// does not do, counted against the pump.
		return SUCCEEDED;
	}

	@Override
	public Future<Void> end() {
		return Future.succeededFuture();
	}

	@Override
	public VertxCountingWriteStream setWriteQueueMaxSize(int maxSize) {
		this.maxSize = maxSize;
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.queued >= this.maxSize;
	}

	@Override
	public VertxCountingWriteStream drainHandler(@Nullable Handler<Void> handler) {
		this.drainHandler = handler;
		return this;
	}

	void drain() {
		boolean wasFull = writeQueueFull();
		this.queued = 0;
		Handler<Void> handler = this.drainHandler;
		if (wasFull && handler != null) {
			handler.handle(null);
		}
	}

	long written() {
		return this.written;
	}

}
