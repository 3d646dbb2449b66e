package dev.pump.benchmarks.jmh;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.jspecify.annotations.Nullable;

/**
 * The Vert.x twin of {@link ArrayReadStream}: delivers the buffers of an array
 * synchronously while there is demand, then its end.
 */
final class VertxArrayReadStream implements ReadStream<Buffer> {

	private final Buffer[] items;

	private int index;

	private long demand = Long.MAX_VALUE;

	private boolean delivering;

	private boolean ended;

	private @Nullable Handler<Buffer> handler;

	private @Nullable Handler<Void> endHandler;

	VertxArrayReadStream(Buffer[] items) {
		this.items = items;
	}

	@Override
	public VertxArrayReadStream exceptionHandler(@Nullable Handler<Throwable> handler) {
		return this;
	}

	@Override
	public VertxArrayReadStream handler(@Nullable Handler<Buffer> handler) {
		this.handler = handler;
		deliver();
		return this;
	}

	@Override
	public VertxArrayReadStream pause() {
		this.demand = 0;
		return this;
	}

	@Override
	public VertxArrayReadStream resume() {
		return fetch(Long.MAX_VALUE);
	}

	@Override
	public VertxArrayReadStream fetch(long amount) {
		long sum = this.demand + amount;
		this.demand = (sum < 0) ? Long.MAX_VALUE : sum;
		deliver();
		return this;
	}

	@Override
	public VertxArrayReadStream endHandler(@Nullable Handler<Void> endHandler) {
		this.endHandler = endHandler;
		return this;
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
			Handler<Buffer> current = this.handler;
			while (this.demand > 0 && current != null && this.index < this.items.length) {
				if (this.demand != Long.MAX_VALUE) {
					this.demand--;
				}
				current.handle(this.items[this.index++]);
				current = this.handler;
			}
			Handler<Void> onEnd = this.endHandler;
			if (this.index == this.items.length && !this.ended && onEnd != null) {
				this.ended = true;
				onEnd.handle(null);
			}
		}
		finally {
			this.delivering = false;
		}
	}

}
