package dev.pump.web;

import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WriteStream} of {@link FileRegion}s straight into a Netty channel: the
 * destination of a zero-copy pump. The channel sends each region with {@code sendfile}
 * where the transport can.
 *
 * <h2>Write queue</h2> The queue holds the bytes of the regions written and not yet sent.
 * Each region is written with a {@link ChannelProgressivePromise}, so the queue shrinks
 * as the channel reports progress, not only when a region is complete: the next region is
 * written while the last part of the previous one is still going out, and the socket
 * never waits for the pump. A client that does not read keeps the queue full, hence the
 * pump paused. Regions whose promise only completes cost the same CPU (measured): the
 * progressive one is for a queue size that follows the socket.
 *
 * <p>
 * The queue holds positions in a file, not memory: its maximum is at least
 * {@value #MIN_WRITE_QUEUE_MAX_SIZE} bytes (two regions) whatever the pump asks, so that
 * the channel always has a whole region queued when the socket has room and the pump
 * resumes a region at a time, which keeps progress in steps of one region. With the
 * pump's 256 KiB it resumed when a region had 128 KiB left: each {@code sendfile} then
 * found little to send.
 *
 * <h2>Failure</h2> A region the channel fails to send (the client went away) fails the
 * stream once, through the exception handler. {@link #abort(Throwable)} closes the
 * channel: a receiver of a partial body must see it cut, never complete.
 */
public final class FileRegionWriteStream implements WriteStream<FileRegion>, WriteQueueSize {

	/**
	 * Least maximum of the write queue, in bytes: two regions.
	 */
	public static final int MIN_WRITE_QUEUE_MAX_SIZE = 2 * FileRegionReadStream.DEFAULT_REGION_SIZE;

	private final Channel channel;

	private final WriteQueueBytes queue = new WriteQueueBytes(1);

	private final AtomicBoolean failed = new AtomicBoolean();

	private final AtomicInteger pendingTasks = new AtomicInteger();

	private volatile @Nullable ChannelFuture lastWrite;

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private volatile boolean aborted;

	private volatile @Nullable Throwable abortCause;

	/**
	 * Create a stream into a channel whose response headers have been sent.
	 * @param channel the channel
	 */
	public FileRegionWriteStream(Channel channel) {
		this.channel = Objects.requireNonNull(channel, "channel");
		this.queue.setMaxSize(MIN_WRITE_QUEUE_MAX_SIZE);
	}

	@Override
	public FileRegionWriteStream write(FileRegion region) {
		if (this.aborted || this.failed.get()) {
			ReferenceCountUtil.release(region);
			return this;
		}
		long count = region.count();
		this.queue.add(count);
		ChannelProgressivePromise promise = this.channel.newProgressivePromise();
		promise.addListener(new Progress(count));
		this.lastWrite = promise;
		EventLoop loop = this.channel.eventLoop();
		if (loop.inEventLoop() && this.pendingTasks.get() == 0) {
			this.channel.writeAndFlush(region, promise);
		}
		else {
			writeOnLoop(loop, region, promise);
		}
		return this;
	}

	// Netty runs a write from another thread as a task of the event loop, and a write on
	// the loop at once: a region written on the loop (a resume after progress) while an
	// earlier one still waits as a task would overtake it, and the client would get the
	// file out of order. So once a write is a task, the next ones are too until the loop
	// has run them.
	private void writeOnLoop(EventLoop loop, FileRegion region, ChannelProgressivePromise promise) {
		this.pendingTasks.incrementAndGet();
		try {
			loop.execute(() -> {
				try {
					this.channel.writeAndFlush(region, promise);
				}
				finally {
					this.pendingTasks.decrementAndGet();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.pendingTasks.decrementAndGet();
			ReferenceCountUtil.release(region);
			promise.tryFailure(ex);
		}
	}

	/**
	 * Set the maximum of the write queue, at least {@value #MIN_WRITE_QUEUE_MAX_SIZE}.
	 * @param maxSize the maximum asked, in bytes
	 * @return this stream
	 */
	@Override
	public FileRegionWriteStream setWriteQueueMaxSize(int maxSize) {
		this.queue.setMaxSize(Math.max(maxSize, MIN_WRITE_QUEUE_MAX_SIZE));
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.queue.isFull();
	}

	@Override
	public long writeQueueSize() {
		return this.queue.size();
	}

	@Override
	public FileRegionWriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public FileRegionWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	/**
	 * Complete once the channel has sent the last region; the channel stays open.
	 * @return a future that completes when every region is sent, or fails (at once after
	 * {@link #abort(Throwable)}, with its cause)
	 */
	@Override
	public CompletableFuture<Void> end() {
		CompletableFuture<Void> ended = new CompletableFuture<>();
		// Regions sent before the abort closed the channel do not make a complete body.
		Throwable abortedBy = this.abortCause;
		if (abortedBy != null) {
			ended.completeExceptionally(abortedBy);
			return ended;
		}
		ChannelFuture last = this.lastWrite;
		if (last == null) {
			ended.complete(null);
			return ended;
		}
		// Regions are sent in order: the last one sent means all are.
		last.addListener((future) -> {
			if (future.isSuccess()) {
				ended.complete(null);
			}
			else {
				ended.completeExceptionally(future.cause());
			}
		});
		return ended;
	}

	@Override
	public void abort(Throwable cause) {
		if (!this.aborted) {
			this.abortCause = Objects.requireNonNull(cause, "cause");
			this.aborted = true;
			// Regions still queued in the channel are failed and released by it.
			this.channel.close();
		}
	}

	private void fail(Throwable cause) {
		if (this.failed.compareAndSet(false, true) && !this.aborted) {
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(cause);
			}
		}
	}

	private void sent(long bytes) {
		this.queue.remove(bytes);
		if (this.queue.drainDue()) {
			Runnable handler = this.drainHandler;
			if (handler != null) {
				handler.run();
			}
		}
	}

	/**
	 * Follows one region: the bytes it reports sent leave the queue.
	 */
	private final class Progress implements ChannelProgressiveFutureListener {

		private final long count;

		// Touched only on the channel's event loop.
		private long reported;

		Progress(long count) {
			this.count = count;
		}

		@Override
		public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
			long sent = Math.min(progress, this.count) - this.reported;
			if (sent > 0) {
				this.reported += sent;
				sent(sent);
			}
		}

		@Override
		public void operationComplete(ChannelProgressiveFuture future) {
			long rest = this.count - this.reported;
			this.reported = this.count;
			if (future.isSuccess()) {
				sent(rest);
			}
			else {
				FileRegionWriteStream.this.queue.remove(rest);
				Throwable cause = future.cause();
				fail((cause != null) ? cause : new ClosedChannelException());
			}
		}

	}

}
