package dev.pump;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A read stream that takes its time to return from {@code pause()} now and then, so a
 * drain on another thread lands inside the pump's pause: the race the pump must win.
 */
class SlowPauseReadStream<T> implements ReadStream<T> {

	private final ReadStream<T> delegate;

	private int pauses;

	SlowPauseReadStream(ReadStream<T> delegate) {
		this.delegate = delegate;
	}

	@Override
	public ReadStream<T> handler(@Nullable Consumer<T> handler) {
		this.delegate.handler(handler);
		return this;
	}

	@Override
	public ReadStream<T> pause() {
		this.delegate.pause();
		if (++this.pauses % 8 == 0) {
			LockSupport.parkNanos(20_000);
		}
		return this;
	}

	@Override
	public ReadStream<T> resume() {
		this.delegate.resume();
		return this;
	}

	@Override
	public ReadStream<T> endHandler(@Nullable Runnable handler) {
		this.delegate.endHandler(handler);
		return this;
	}

	@Override
	public ReadStream<T> exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.delegate.exceptionHandler(handler);
		return this;
	}

	@Override
	public void cancel() {
		this.delegate.cancel();
	}

}
