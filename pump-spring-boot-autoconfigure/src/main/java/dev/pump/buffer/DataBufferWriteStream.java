package dev.pump.buffer;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.pump.DrainLoop;
import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A {@link WriteStream} of {@link DataBuffer}s that is also a {@link Publisher} of them,
 * to be handed to {@code ServerHttpResponse.writeWith}, a {@code WebClient} request body,
 * a WebSocket send or a Reactor Netty {@code NettyOutbound.send}.
 *
 * <h2>Flow control</h2> Written buffers are queued; the demand of the one subscriber
 * drains the queue. The queue is measured in bytes: it is full when the queued bytes
 * reach the {@link #setWriteQueueMaxSize(int) maximum}
 * ({@value #DEFAULT_WRITE_QUEUE_MAX_SIZE} by default), and the drain handler is called
 * once a full queue has fallen to half the maximum or below.
 *
 * <h2>End</h2> {@link #end()} lets the subscriber receive what is queued, then signals
 * {@code onComplete}. The future it returns completes:
 * <ul>
 * <li>by default, once {@code onComplete} has been delivered, that is when the subscriber
 * has taken every buffer;</li>
 * <li>after {@link #completeEndWhen(Publisher)}, once the given "written" signal has
 * completed as well (for example the {@code Mono<Void>} of
 * {@code ServerHttpResponse.writeWith(stream)}, which completes when the response has
 * been written and flushed). A failure of that signal is a write failure.</li>
 * </ul>
 *
 * <h2>Failures</h2> A subscriber that cancels before {@code onComplete} (a client that
 * went away) is a write failure: the exception handler receives a
 * {@link CancellationException}, the queue is released and {@code end()} fails.
 * {@link #abort(Throwable)} releases the queue and signals {@code onError(cause)} to the
 * subscriber, so that a connection is reset rather than ended cleanly; a subscriber that
 * comes after the abort receives the error at once.
 *
 * <h2>Buffers</h2> A written buffer belongs to this stream until it is handed to the
 * subscriber with {@code onNext}; from then on the subscriber releases it (servers and
 * clients do, once written). Buffers still queued on cancel, abort or failure, and
 * buffers written after them, are released here. This stream closes nothing: the
 * subscriber owns its connection.
 *
 * <h2>Threading</h2> {@code write} and {@code end} come from one writer at a time; the
 * subscriber's requests may come from any thread. One {@link DrainLoop} emits, and no
 * lock is held while calling the subscriber or a handler. The drain handler runs on the
 * thread of the loop, often the subscriber's. Demand is kept as Reactor's operators keep
 * it: a {@code volatile long} changed with {@link Operators#addCap} and
 * {@link Operators#produced}.
 */
public final class DataBufferWriteStream implements WriteStream<DataBuffer>, Publisher<DataBuffer>, WriteQueueSize {

	/**
	 * Write queue maximum of a new stream, in bytes.
	 */
	public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 64 * 1024;

	private final WriteQueueBytes queuedBytes = new WriteQueueBytes(DEFAULT_WRITE_QUEUE_MAX_SIZE);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final DownstreamSubscription downstream = new DownstreamSubscription(this.queuedBytes,
			new SubscriberEvents());

	private volatile boolean awaitWritten;

	private volatile boolean written;

	private volatile long contentLength = -1;

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private DataBufferWriteStream() {
	}

	/**
	 * Create a write stream with the default maximum of its queue.
	 * @return the stream
	 */
	public static DataBufferWriteStream create() {
		return new DataBufferWriteStream();
	}

	/**
	 * Declare how many bytes the subscriber takes in all, as the {@code Content-Length}
	 * of a response: a subscriber that cancels once it has been handed exactly that many
	 * bytes has the whole content (an HTTP client may close as soon as it has read the
	 * declared length, before {@code onComplete} reached the server's subscriber), so the
	 * cancel is no failure and {@link #end()} completes. A cancel before that is a write
	 * failure as always; a write after it fails.
	 * @param total the bytes the content has, or {@code -1} if unknown
	 * @return this stream
	 */
	public DataBufferWriteStream contentLength(long total) {
		if (total < -1) {
			throw new IllegalArgumentException("total must be -1 or more: " + total);
		}
		this.contentLength = total;
		return this;
	}

	/**
	 * Make {@link #end()} complete only once {@code written} completes as well, after the
	 * subscriber has received {@code onComplete}; an error of {@code written} is a write
	 * failure. Subscribes to {@code written} now.
	 * @param written the "downstream finished" signal, for example the result of
	 * {@code response.writeWith(this)}
	 * @return this stream
	 */
	public DataBufferWriteStream completeEndWhen(Publisher<Void> written) {
		this.awaitWritten = true;
		Mono.from(written).subscribe((ignored) -> {
		}, this::fail, this::onWritten);
		return this;
	}

	/**
	 * Treat the completion or error of {@code gone} as the subscriber going away: the
	 * stream then acts as on a cancel of its subscription, a write failure unless the
	 * subscriber has received {@code onComplete} or taken the whole {@link #contentLength
	 * content}. For a subscriber that may never cancel when its connection closes (a
	 * server response whose writer has not started or waits for data). Subscribes to
	 * {@code gone} now, and cancels that subscription once {@link #end()} is done, so
	 * that a long-lived connection keeps no stream alive.
	 * @param gone the "connection closed" signal, for example
	 * {@code Connection.onDispose()}
	 * @return this stream
	 */
	public DataBufferWriteStream cancelWhen(Publisher<?> gone) {
		Disposable watch = Flux.from(gone)
			.subscribe((ignored) -> this.downstream.cancel(), (ex) -> this.downstream.cancel(),
					this.downstream::cancel);
		this.ended.whenComplete((ignored, ex) -> watch.dispose());
		return this;
	}

	@Override
	public void subscribe(Subscriber<? super DataBuffer> subscriber) {
		this.downstream.subscribe(subscriber);
	}

	@Override
	public DataBufferWriteStream write(DataBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer");
		DownstreamSubscription target = this.downstream;
		if (target.isEnding() || target.failure() != null || target.isCancelled()) {
			DataBuffers.release(buffer);
			if (target.failure() == null) {
				throw new IllegalStateException(
						target.isEnding() ? "Write stream has ended" : "Subscriber has taken the whole content");
			}
			return this;
		}
		target.offer(buffer);
		return this;
	}

	@Override
	public DataBufferWriteStream setWriteQueueMaxSize(int maxSize) {
		this.queuedBytes.setMaxSize(maxSize);
		return this;
	}

	/**
	 * Return the maximum size of the write queue.
	 * @return the maximum, in bytes
	 */
	public int writeQueueMaxSize() {
		return this.queuedBytes.maxSize();
	}

	@Override
	public boolean writeQueueFull() {
		return this.queuedBytes.isFull();
	}

	@Override
	public long writeQueueSize() {
		return this.queuedBytes.size();
	}

	@Override
	public DataBufferWriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public DataBufferWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		this.downstream.end();
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		if (this.downstream.failWith(cause)) {
			this.ended.completeExceptionally(cause);
		}
		this.downstream.drain();
	}

	/**
	 * Whether the subscriber has received {@code onComplete}.
	 * @return {@code true} once completed
	 */
	public boolean isCompleted() {
		return this.downstream.isCompleted();
	}

	private void fail(Throwable cause) {
		if (this.ended.isDone() && !this.ended.isCompletedExceptionally()) {
			return;
		}
		if (this.downstream.failWith(cause)) {
			this.ended.completeExceptionally(cause);
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(cause);
			}
		}
		this.downstream.drain();
	}

	private void onWritten() {
		this.written = true;
		completeEndIfDone();
	}

	private void completeEndIfDone() {
		if (this.downstream.isCompleted() && (!this.awaitWritten || this.written)
				&& this.downstream.failure() == null) {
			this.ended.complete(null);
		}
	}

	/**
	 * What the subscription tells this stream, kept apart so that its methods are not
	 * public API of the stream.
	 */
	private final class SubscriberEvents implements DownstreamSubscription.Events {

		@Override
		public void drainDue() {
			Runnable handler = DataBufferWriteStream.this.drainHandler;
			if (handler != null) {
				handler.run();
			}
		}

		@Override
		public void completed() {
			completeEndIfDone();
		}

		@Override
		public void cancelled() {
			DataBufferWriteStream stream = DataBufferWriteStream.this;
			if (stream.downstream.tookExactly(stream.contentLength)) {
				stream.ended.complete(null);
			}
			else if (!stream.downstream.isCompleted()) {
				stream.fail(new CancellationException("Subscriber cancelled before the end of the stream"));
			}
		}

		@Override
		public void failed(Throwable cause) {
			fail(cause);
		}

	}

}
