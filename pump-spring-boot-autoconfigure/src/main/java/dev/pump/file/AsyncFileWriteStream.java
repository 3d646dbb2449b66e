package dev.pump.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.buffer.DataBuffers;
import dev.pump.file.FileWriteState.Phase;
import dev.pump.file.FileWriteState.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A {@link WriteStream} into a file, written in order by gathering writes of the queued
 * buffers; {@link #open(Path, FileWriteOptions) opened} with {@link FileWriteOptions}.
 *
 * <h2>Writing</h2> The file is written by one task at a time per stream on a writer lane
 * of {@link FileThreads} (or {@link FileWriteOptions#writer(Executor) an executor}), so
 * writes keep their order and never block the caller. Each task writes what is queued (up
 * to {@value #MAX_GATHER} buffers) with one gathering {@code write(ByteBuffer[])} and
 * leaves the rest to a task at the back of the lane: streams sharing a lane take turns.
 * The queue is measured in bytes until written; the drain handler runs on the writing
 * thread. A {@link #writeObserver(Consumer) write observer} sees every byte there, in
 * file order, just before it is written (a digest then runs beside the I/O);
 * {@link #flush()} tells when what was written so far is in the file.
 *
 * <h2>Forces, end and failures</h2> With {@link FileWriteOptions#forceOnEnd()
 * forceOnEnd}, forces start in the background as the writes go on
 * ({@link #bytesForced()}), and {@link #end()} completes after the last write, a
 * {@link FileChannel#force(boolean) force} (on the force threads: it can block for long)
 * and the close of the channel. An I/O error (for example "No space left on device") goes
 * to the exception handler as the {@link IOException} itself, the channel is closed and
 * {@code end()} fails with it. {@link #abort(Throwable)} releases the queue, closes the
 * channel, deletes the file with {@link FileWriteOptions#deleteOnAbort() deleteOnAbort},
 * then fails {@code end()}; after a successful end it changes nothing.
 *
 * <h2>Buffers and channel</h2> Written buffers belong to this stream and are released
 * once written, or when dropped by a failure or an abort. The stream opens its channel
 * and closes it at the end, on failure and on abort.
 */
public final class AsyncFileWriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	/**
	 * Write queue maximum of a new stream, in bytes.
	 */
	public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 1024 * 1024;

	/**
	 * Most buffers written by one gathering write.
	 */
	public static final int MAX_GATHER = 256;

	private final Path path;

	private final FileChannel channel;

	private final boolean deleteOnAbort;

	private final FileWriteState state = new FileWriteState();

	private final GatheringWriter writer;

	private final Forces forces;

	private final Flushes flushes = new Flushes();

	private final WriterTask task;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private AsyncFileWriteStream(Path path, FileChannel channel, FileWriteOptions options) {
		this.path = path;
		this.channel = channel;
		this.deleteOnAbort = options.isDeleteOnAbort();
		this.writer = new GatheringWriter(channel);
		FileThreads threads = options.threads();
		this.forces = new Forces(channel, threads.forces(), options.isForceOnEnd(), options.backgroundForceInterval());
		Executor writerExecutor = options.writer();
		this.task = new WriterTask((writerExecutor != null) ? writerExecutor : threads.nextWriter(), this::work,
				this::rejected);
	}

	/**
	 * Create or truncate a file (or, with {@link FileWriteOptions#append()}, keep its
	 * content and write after it) and open a stream into it.
	 * @param path the file
	 * @param options how to write it: for example
	 * {@code FileWriteOptions.defaults().forceOnEnd().deleteOnAbort()}
	 * @return the stream
	 * @throws IOException if the file cannot be opened
	 */
	public static AsyncFileWriteStream open(Path path, FileWriteOptions options) throws IOException {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(options, "options");
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				options.isAppend() ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
		return new AsyncFileWriteStream(path, channel, options);
	}

	@Override
	public AsyncFileWriteStream write(DataBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer");
		Status status = this.state.status();
		if (status.phase() != Phase.OPEN) {
			DataBuffers.release(buffer);
			if (!status.dropsWrites()) {
				throw new IllegalStateException("Write stream has ended");
			}
			return this;
		}
		this.writer.offer(buffer);
		this.task.schedule();
		return this;
	}

	@Override
	public AsyncFileWriteStream setWriteQueueMaxSize(int maxSize) {
		this.writer.queuedBytes().setMaxSize(maxSize);
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.writer.queuedBytes().isFull();
	}

	@Override
	public long writeQueueSize() {
		return this.writer.queuedBytes().size();
	}

	@Override
	public AsyncFileWriteStream drainHandler(@Nullable Runnable handler) {
		this.writer.drainHandler(handler);
		return this;
	}

	@Override
	public AsyncFileWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	/**
	 * Set a function that sees every byte this stream writes: called on the writing
	 * thread, in file order, with a read-only view of each buffer just before it is
	 * written. The view is valid during the call only. Set it before the first write, or
	 * to {@code null} to stop observing from the next write on. An observer that throws
	 * fails the stream as an I/O error would.
	 * @param observer the observer, or {@code null}
	 * @return this stream
	 */
	public AsyncFileWriteStream writeObserver(@Nullable Consumer<ByteBuffer> observer) {
		this.writer.observer(observer);
		return this;
	}

	/**
	 * Return a future that completes once every buffer written before this call is in the
	 * file (written, not forced to the device), or fails with the failure or the abort
	 * that came first.
	 * @return the future
	 */
	public CompletableFuture<Void> flush() {
		CompletableFuture<Void> flushed = this.flushes.add(this.writer.bytesAccepted());
		this.task.schedule();
		return flushed;
	}

	/**
	 * Return how many bytes, from the start of the file, a force has put on the storage
	 * device so far: grows with the background forces, and reaches the size of the file
	 * when the force at the end completes.
	 * @return the bytes
	 */
	public long bytesForced() {
		return this.forces.bytesForced();
	}

	@Override
	public CompletableFuture<Void> end() {
		this.state.end();
		this.task.schedule();
		return this.state.ended();
	}

	@Override
	public void abort(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		if (this.state.abort(cause)) {
			// The writing task drops the queue; the undo runs on a force thread, as
			// closing waits for a write or a force in progress.
			this.task.schedule();
			this.forces.offThread(() -> undo(cause));
		}
	}

	/**
	 * Return the bytes written to the file so far.
	 * @return the bytes
	 */
	public long bytesWritten() {
		return this.writer.bytesWritten();
	}

	/**
	 * Whether the file channel is still open.
	 * @return {@code true} until the end, a failure or an abort
	 */
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	// The writing task: one run at a time, on the writer.
	private void work() {
		Status status = this.state.status();
		Throwable cause = status.cause();
		if (cause != null) {
			this.writer.releaseAll();
			this.flushes.failAll(cause);
			return;
		}
		try {
			if (this.writer.writeBatch()) {
				this.forces.afterWrite(this.writer.bytesWritten());
			}
			this.flushes.completeUpTo(this.writer.bytesWritten());
			// Read before the queue, so that the writes made before end() are seen.
			boolean endAsked = this.state.status().phase() == Phase.ENDING;
			if (!this.writer.isEmpty()) {
				this.task.schedule();
			}
			else if (endAsked && this.state.startClosing()) {
				close();
			}
		}
		catch (IOException ex) {
			failNow(ex);
		}
	}

	// After the last write.
	private void close() throws IOException {
		if (this.forces.forceOnEnd()) {
			this.forces.forceAll(this.writer.bytesWritten(), this::closeAfterForce);
		}
		else {
			this.channel.close();
			this.state.closed();
		}
	}

	// On a force thread. An abort may have closed the channel under the force: the state
	// decides who wins.
	private void closeAfterForce(@Nullable IOException forceFailure) {
		IOException failure = forceFailure;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			failure = (failure != null) ? failure : ex;
		}
		if (failure == null) {
			this.state.closed();
		}
		else {
			report(failure);
		}
	}

	private void rejected(RejectedExecutionException ex) {
		failNow(new IOException("The file writer rejected the stream's task", ex));
	}

	private void failNow(IOException ex) {
		this.writer.releaseAll();
		// The failure is decided at once; the channel closes when no force holds it.
		this.forces.closeThen(() -> {
		});
		report(ex);
	}

	private void report(IOException ex) {
		if (!this.state.fail(ex)) {
			return;
		}
		this.flushes.failAll(ex);
		Consumer<Throwable> handler = this.exceptionHandler;
		if (handler != null) {
			handler.accept(ex);
		}
	}

	// After the close: the file is abandoned.
	private void undo(Throwable cause) {
		if (this.deleteOnAbort) {
			try {
				Files.deleteIfExists(this.path);
			}
			catch (IOException ex) {
				// Best effort: the caller cleans up its own temporary files.
			}
		}
		this.state.ended().completeExceptionally(cause);
	}

}
