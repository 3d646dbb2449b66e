package dev.pump;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Wraps a write stream and remembers the handlers the pump set, so a test can call a
 * handler the pump has since detached (a stale drain).
 */
class RecordingWriteStream<T> implements WriteStream<T> {

	private final WriteStream<T> delegate;

	private @Nullable Runnable lastDrainHandler;

	private int maxSizeCalls;

	RecordingWriteStream(WriteStream<T> delegate) {
		this.delegate = delegate;
	}

	@Override
	public WriteStream<T> write(T item) {
		this.delegate.write(item);
		return this;
	}

	@Override
	public WriteStream<T> setWriteQueueMaxSize(int maxSize) {
		this.maxSizeCalls++;
		this.delegate.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.delegate.writeQueueFull();
	}

	@Override
	public WriteStream<T> drainHandler(@Nullable Runnable handler) {
		if (handler != null) {
			this.lastDrainHandler = handler;
		}
		this.delegate.drainHandler(handler);
		return this;
	}

	@Override
	public WriteStream<T> exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.delegate.exceptionHandler(handler);
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		return this.delegate.end();
	}

	@Override
	public void abort(Throwable cause) {
		this.delegate.abort(cause);
	}

	@Nullable Runnable lastDrainHandler() {
		return this.lastDrainHandler;
	}

	int maxSizeCalls() {
		return this.maxSizeCalls;
	}

}
