package dev.pump.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The forces of an {@link AsyncFileWriteStream} and the closes they hold up, all on the
 * force threads: a force blocks for as long as the device takes (seconds on a slow disk),
 * and must hold up neither the other streams of a shared writer nor the caller.
 *
 * <p>
 * In the background, one force at a time starts each time another interval of bytes has
 * been written since the last one: the device then writes while the transfer goes on, and
 * the force at the end has only the last few MiB left (RocksDB's {@code bytes_per_sync};
 * Java has no {@code sync_file_range} to start the write-back alone).
 */
final class Forces {

	private final FileChannel channel;

	private final Executor forceThreads;

	private final boolean forceOnEnd;

	private final long interval;

	// Forces scheduled or running; only the writing task adds one.
	private final AtomicInteger inProgress = new AtomicInteger();

	private final AtomicLong bytesForced = new AtomicLong();

	// Touched by the writing task only.
	private long bytesAtLastBackgroundForce;

	Forces(FileChannel channel, Executor forceThreads, boolean forceOnEnd, long interval) {
		this.channel = channel;
		this.forceThreads = forceThreads;
		this.forceOnEnd = forceOnEnd;
		this.interval = interval;
	}

	boolean forceOnEnd() {
		return this.forceOnEnd;
	}

	long bytesForced() {
		return this.bytesForced.get();
	}

	/**
	 * Start a force in the background if another interval was written since the last one
	 * and none is in progress. Called by the writing task after each batch.
	 * @param bytesWritten the bytes written so far
	 */
	void afterWrite(long bytesWritten) {
		if (this.forceOnEnd && this.interval > 0 && bytesWritten - this.bytesAtLastBackgroundForce >= this.interval
				&& this.inProgress.get() == 0) {
			this.bytesAtLastBackgroundForce = bytesWritten;
			this.inProgress.incrementAndGet();
			try {
				this.forceThreads.execute(() -> forceInBackground(bytesWritten));
			}
			catch (RejectedExecutionException ex) {
				// Force threads shut down: the force at the end is the one that tells.
				this.inProgress.decrementAndGet();
			}
		}
	}

	/**
	 * Force everything written to the device, on a force thread.
	 * @param bytesWritten the bytes written, all of them
	 * @param then called with {@code null} once forced, or with the failure
	 */
	void forceAll(long bytesWritten, Consumer<@Nullable IOException> then) {
		this.inProgress.incrementAndGet();
		Runnable force = () -> {
			try {
				// Data and size, as fdatasync: enough to read back what was written.
				this.channel.force(false);
				forced(bytesWritten);
				this.inProgress.decrementAndGet();
				then.accept(null);
			}
			catch (IOException ex) {
				this.inProgress.decrementAndGet();
				then.accept(ex);
			}
		};
		try {
			this.forceThreads.execute(force);
		}
		catch (RejectedExecutionException ex) {
			this.inProgress.decrementAndGet();
			then.accept(new IOException("The file force threads rejected the stream's force", ex));
		}
	}

	/**
	 * Close the channel, then run {@code afterClose}. Closing waits for a force in
	 * progress: then it runs on a force thread, else on the caller's.
	 * @param afterClose run once the channel is closed
	 */
	void closeThen(Runnable afterClose) {
		if (this.inProgress.get() > 0) {
			offThread(afterClose);
		}
		else {
			closeQuietly();
			afterClose.run();
		}
	}

	/**
	 * Close the channel, then run {@code afterClose}, on a force thread (on the caller's
	 * if the force threads are shut down): closing waits for a write or a force in
	 * progress.
	 * @param afterClose run once the channel is closed
	 */
	void offThread(Runnable afterClose) {
		Runnable closing = () -> {
			closeQuietly();
			afterClose.run();
		};
		try {
			this.forceThreads.execute(closing);
		}
		catch (RejectedExecutionException ex) {
			closing.run();
		}
	}

	private void forceInBackground(long bytesWritten) {
		try {
			this.channel.force(false);
			forced(bytesWritten);
		}
		catch (IOException ex) {
			// Closed meanwhile, or failed: the force at the end is the one that tells.
		}
		finally {
			this.inProgress.decrementAndGet();
		}
	}

	private void forced(long bytes) {
		this.bytesForced.accumulateAndGet(bytes, Math::max);
	}

	private void closeQuietly() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// The output is finished or abandoned: a failed close loses nothing more.
		}
	}

}
