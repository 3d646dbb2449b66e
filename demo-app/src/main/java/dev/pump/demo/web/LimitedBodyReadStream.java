package dev.pump.demo.web;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import dev.pump.ReadStream;
import dev.pump.buffer.DataBuffers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A read stream of an upload body that counts its bytes on the fly, and fails the read
 * side as soon as the body goes over its limit.
 *
 * <p>
 * Over the limit, the buffer at hand is released, the source cancelled and the exception
 * handler called with the error made by the limit function. At the end, a body shorter
 * than announced fails the same way, so a truncated body is never stored. The end handler
 * or the exception handler is called, exactly once.
 *
 * <p>
 * Not thread-safe for items: items and the end arrive one at a time, as from any read
 * stream. {@link #fail(Throwable)} may be called from any thread.
 */
public final class LimitedBodyReadStream implements ReadStream<DataBuffer> {

	private final ReadStream<DataBuffer> source;

	private final long maxBytes;

	private final long expectedBytes;

	private final LongFunction<Throwable> tooLarge;

	private final AtomicBoolean finished = new AtomicBoolean();

	private volatile long bytesRead;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	/**
	 * Create a stream.
	 * @param source the body
	 * @param maxBytes how many bytes the body may have
	 * @param expectedBytes how many bytes the body announced, or {@code -1}
	 * @param tooLarge the error for a body over the limit, given the limit
	 */
	public LimitedBodyReadStream(ReadStream<DataBuffer> source, long maxBytes, long expectedBytes,
			LongFunction<Throwable> tooLarge) {
		this.source = source;
		this.maxBytes = maxBytes;
		this.expectedBytes = expectedBytes;
		this.tooLarge = tooLarge;
		source.exceptionHandler(this::fail);
	}

	@Override
	public LimitedBodyReadStream handler(@Nullable Consumer<DataBuffer> handler) {
		this.source.handler((handler != null) ? (buffer) -> onItem(buffer, handler) : null);
		return this;
	}

	private void onItem(DataBuffer buffer, Consumer<DataBuffer> handler) {
		long total = this.bytesRead + buffer.readableByteCount();
		this.bytesRead = total;
		if (total > this.maxBytes) {
			DataBuffers.release(buffer);
			fail(this.tooLarge.apply(this.maxBytes));
			return;
		}
		handler.accept(buffer);
	}

	@Override
	public LimitedBodyReadStream pause() {
		this.source.pause();
		return this;
	}

	@Override
	public LimitedBodyReadStream resume() {
		this.source.resume();
		return this;
	}

	@Override
	public LimitedBodyReadStream endHandler(@Nullable Runnable handler) {
		this.source.endHandler((handler != null) ? () -> onEnd(handler) : null);
		return this;
	}

	private void onEnd(Runnable handler) {
		if (this.expectedBytes >= 0 && this.bytesRead != this.expectedBytes) {
			fail(new IncompleteBodyException(this.expectedBytes, this.bytesRead));
			return;
		}
		if (this.finished.compareAndSet(false, true)) {
			handler.run();
		}
	}

	@Override
	public LimitedBodyReadStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	@Override
	public void cancel() {
		this.finished.set(true);
		this.source.cancel();
	}

	/**
	 * Fail the stream: cancel the source and call the exception handler, unless the
	 * stream has already ended, failed or been cancelled.
	 * @param failure the failure
	 */
	public void fail(Throwable failure) {
		if (this.finished.compareAndSet(false, true)) {
			this.source.cancel();
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(failure);
			}
		}
	}

	/**
	 * Return the bytes read so far.
	 * @return the bytes
	 */
	public long bytesRead() {
		return this.bytesRead;
	}

	/**
	 * The body ended before the announced Content-Length.
	 */
	public static class IncompleteBodyException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		IncompleteBodyException(long expected, long actual) {
			super("Body ended after " + actual + " of " + expected + " bytes");
		}

	}

}
