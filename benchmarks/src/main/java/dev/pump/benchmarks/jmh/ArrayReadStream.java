package dev.pump.benchmarks.jmh;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;

import dev.pump.ReadStream;

/**
 * A pump {@link ReadStream} that delivers the buffers of an array synchronously while it
 * is not paused, then its end. Single-threaded, as the benchmark drives it; a resume from
 * inside the handler is trampolined, not nested.
 */
final class ArrayReadStream implements ReadStream<DataBuffer> {

	private final DataBuffer[] items;

	private int index;

	private boolean paused;

	private boolean delivering;

	private boolean ended;

	private @Nullable Consumer<DataBuffer> handler;

	private @Nullable Runnable endHandler;

	ArrayReadStream(DataBuffer[] items) {
		this.items = items;
	}

	@Override
	public ArrayReadStream handler(@Nullable Consumer<DataBuffer> handler) {
		this.handler = handler;
		deliver();
		return this;
	}

	@Override
	public ArrayReadStream pause() {
		this.paused = true;
		return this;
	}

	@Override
	public ArrayReadStream resume() {
		this.paused = false;
		deliver();
		return this;
	}

	@Override
	public ArrayReadStream endHandler(@Nullable Runnable handler) {
		this.endHandler = handler;
		return this;
	}

	@Override
	public ArrayReadStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		return this;
	}

	@Override
	public void cancel() {
		this.index = this.items.length;
		this.ended = true;
	}

	boolean isEnded() {
		return this.ended;
	}

	private void deliver() {
		if (this.delivering) {
			return;
		}
		this.delivering = true;
		try {
			Consumer<DataBuffer> current = this.handler;
			while (!this.paused && current != null && this.index < this.items.length) {
				current.accept(this.items[this.index++]);
				current = this.handler;
			}
			Runnable onEnd = this.endHandler;
			if (this.index == this.items.length && !this.ended && onEnd != null) {
				this.ended = true;
				onEnd.run();
			}
		}
		finally {
			this.delivering = false;
		}
	}

}
