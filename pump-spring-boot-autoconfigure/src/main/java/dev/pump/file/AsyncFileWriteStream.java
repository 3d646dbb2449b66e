package dev.pump.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A {@link WriteStream} into a file, written in order by gathering writes of the queued
 * buffers.
 *
 * <h2>Writing</h2> A {@link FileChannel} is written by a writer executor, one task at a
 * time per stream, so writes keep their order and never block the caller. By default the
 * writer is one of a few threads shared by the file streams of the JVM, one per
 * processor, each stream keeping its thread; handing work to a thread already writing
 * costs no wake-up. Each task takes what is queued (up to {@value #MAX_GATHER} buffers),
 * writes it with one gathering {@code write(ByteBuffer[])}, and hands the rest to a task
 * at the back of the writer's queue: streams sharing a writer take turns. The queue is
 * measured in bytes, counting the buffers being written until they are written; the drain
 * handler runs on the writing thread.
 *
 * <h2>Observing and flushing</h2> A {@link #writeObserver(Consumer) write observer} sees
 * every byte on the writing thread, in file order, just before it is written: work such
 * as a digest then runs beside the I/O instead of on the caller's thread.
 * {@link #flush()} tells when what was written so far is in the file.
 *
 * <h2>Forcing as it goes</h2> With {@code forceOnEnd}, a force also starts in the
 * background (one at a time) each time another {@link #backgroundForceInterval(long)
 * interval} of bytes has been written since the last one. The device then writes while
 * the transfer goes on, and the force at the end has only the last few MiB left instead
 * of the whole file (the habit of databases such as RocksDB's {@code bytes_per_sync};
 * Java has no {@code sync_file_range} to start the write-back alone).
 * {@link #bytesForced()} tells how far the forces got.
 *
 * <h2>End and failures</h2> {@link #end()} completes after the last write, a
 * {@link FileChannel#force(boolean) force} to the device when {@code forceOnEnd} is set
 * (on threads of their own, named {@code pump-file-force}: a force can block for long,
 * and must hold up neither the other streams of a shared writer nor the application's
 * bounded elastic tasks), and the close of the channel. An I/O error (for example "No
 * space left on device") goes to the exception handler as the {@link IOException} itself,
 * the channel is closed and {@code end()} fails with it. {@link #abort(Throwable)}
 * releases the queue, closes the channel and deletes the file when {@code deleteOnAbort}
 * is set (leaving it otherwise).
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

	/**
	 * Default {@link #backgroundForceInterval(long) background force interval}, in bytes.
	 */
	public static final long DEFAULT_BACKGROUND_FORCE_INTERVAL = 8 * 1024 * 1024;

	// A force blocks for as long as the device takes (seconds on a slow disk): on threads
	// of its own, so that it never holds up the application's bounded elastic tasks.
	private static final Scheduler FORCES = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
			Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "pump-file-force", 60, true);

	private static final int OPEN = 0;

	private static final int SUCCEEDED = 1;

	private static final int FAILED = 2;

	private final Path path;

	private final FileChannel channel;

	private final boolean forceOnEnd;

	private final boolean deleteOnAbort;

	private final Executor writer;

	// One task object for every hand-off to the writer, instead of one per hand-off.
	private final Runnable drainTask = this::drain;

	private final Queue<DataBuffer> queue = new ConcurrentLinkedQueue<>();

	private final WriteQueueBytes queuedBytes = new WriteQueueBytes(DEFAULT_WRITE_QUEUE_MAX_SIZE);

	private final AtomicInteger wip = new AtomicInteger();

	// Forces scheduled or running; only the writing task adds one.
	private final AtomicInteger forcesInProgress = new AtomicInteger();

	private final AtomicLong bytesForced = new AtomicLong();

	private volatile long backgroundForceInterval = DEFAULT_BACKGROUND_FORCE_INTERVAL;

	// Decided once: whether the end succeeded, or a failure or an abort came first. The
	// force at the end runs beside a possible abort, which keeps the file only if the end
	// succeeded.
	private final AtomicInteger outcome = new AtomicInteger(OPEN);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final Queue<PendingFlush> flushes = new ConcurrentLinkedQueue<>();

	private volatile boolean ending;

	private volatile @Nullable Throwable aborted;

	private volatile @Nullable IOException failure;

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	private volatile @Nullable Consumer<ByteBuffer> writeObserver;

	// Touched by the callers of write() and flush() only, one at a time: a flush's target
	// reaches the writing task inside its PendingFlush, through the queue.
	private long bytesAccepted;

	private volatile long bytesWritten;

	// Touched by the writing task only.
	private boolean closed;

	private long bytesAtLastBackgroundForce;

	private boolean abortHandled;

	private AsyncFileWriteStream(Path path, FileChannel channel, boolean forceOnEnd, boolean deleteOnAbort,
			Executor writer) {
		this.path = path;
		this.channel = channel;
		this.forceOnEnd = forceOnEnd;
		this.deleteOnAbort = deleteOnAbort;
		this.writer = writer;
	}

	/**
	 * Create or truncate a file and open a stream into it.
	 * @param path the file
	 * @param forceOnEnd whether {@link #end()} forces the content to the storage device
	 * before it completes
	 * @param deleteOnAbort whether {@link #abort(Throwable)} deletes the partial file
	 * @return the stream
	 * @throws IOException if the file cannot be opened
	 */
	public static AsyncFileWriteStream open(Path path, boolean forceOnEnd, boolean deleteOnAbort) throws IOException {
		return open(path, forceOnEnd, deleteOnAbort, FileWriterThreads.shared().next());
	}

	/**
	 * Create or truncate a file and open a stream into it, written by the given executor:
	 * for example a pool of many threads, for a file system whose writes can block for
	 * long (a network file system).
	 * @param path the file
	 * @param forceOnEnd whether {@link #end()} forces the content to the storage device
	 * before it completes
	 * @param deleteOnAbort whether {@link #abort(Throwable)} deletes the partial file
	 * @param writer runs the writing tasks; this stream never gives it two at once. A
	 * task it rejects (a pool that was shut down) fails the stream with an
	 * {@link IOException}
	 * @return the stream
	 * @throws IOException if the file cannot be opened
	 */
	public static AsyncFileWriteStream open(Path path, boolean forceOnEnd, boolean deleteOnAbort, Executor writer)
			throws IOException {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(writer, "writer");
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING);
		return new AsyncFileWriteStream(path, channel, forceOnEnd, deleteOnAbort, writer);
	}

	@Override
	public AsyncFileWriteStream write(DataBuffer buffer) {
		Objects.requireNonNull(buffer, "buffer");
		if (this.ending || this.aborted != null || this.failure != null) {
			DataBufferUtils.release(buffer);
			if (this.ending && this.aborted == null && this.failure == null) {
				throw new IllegalStateException("Write stream has ended");
			}
			return this;
		}
		int size = buffer.readableByteCount();
		this.queuedBytes.add(size);
		this.bytesAccepted += size;
		this.queue.offer(buffer);
		schedule();
		return this;
	}

	@Override
	public AsyncFileWriteStream setWriteQueueMaxSize(int maxSize) {
		this.queuedBytes.setMaxSize(maxSize);
		return this;
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
	public AsyncFileWriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
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
		this.writeObserver = observer;
		return this;
	}

	/**
	 * Return a future that completes once every buffer written before this call is in the
	 * file (written, not forced to the device), or fails with the failure or the abort
	 * that came first.
	 * @return the future
	 */
	public CompletableFuture<Void> flush() {
		CompletableFuture<Void> flushed = new CompletableFuture<>();
		this.flushes.offer(new PendingFlush(this.bytesAccepted, flushed));
		schedule();
		return flushed;
	}

	/**
	 * Set how many bytes written, since the last force started, start a force in the
	 * background; {@code 0} for none. Only streams opened with {@code forceOnEnd} force
	 * in the background.
	 * @param bytes the interval, {@value #DEFAULT_BACKGROUND_FORCE_INTERVAL} unless set
	 * @return this stream
	 * @throws IllegalArgumentException if {@code bytes} is negative
	 */
	public AsyncFileWriteStream backgroundForceInterval(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("Background force interval must not be negative: " + bytes);
		}
		this.backgroundForceInterval = bytes;
		return this;
	}

	/**
	 * Return how many bytes, from the start of the file, a force has put on the storage
	 * device so far: grows with the background forces, and reaches the size of the file
	 * when the force at the end completes.
	 * @return the bytes
	 */
	public long bytesForced() {
		return this.bytesForced.get();
	}

	@Override
	public CompletableFuture<Void> end() {
		this.ending = true;
		schedule();
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		if (this.aborted == null) {
			this.aborted = cause;
			schedule();
		}
	}

	/**
	 * Return the file written.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return the bytes written to the file so far.
	 * @return the bytes
	 */
	public long bytesWritten() {
		return this.bytesWritten;
	}

	/**
	 * Whether the file channel is still open.
	 * @return {@code true} until the end, a failure or an abort
	 */
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	private void schedule() {
		if (this.wip.getAndIncrement() == 0) {
			execute();
		}
	}

	// Called by the owner of the drain.
	private void execute() {
		try {
			this.writer.execute(this.drainTask);
		}
		catch (RejectedExecutionException ex) {
			// A writer that is shut down: the stream fails, and this thread, which owns
			// the drain, releases what is queued.
			failNow(new IOException("The file writer rejected the stream's task", ex));
			drain();
		}
	}

	private void drain() {
		int missed = 1;
		do {
			if (step()) {
				// More is queued: go to the back of the writer's line, still owning the
				// drain, so that streams sharing the writer take turns.
				execute();
				return;
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	// Writes one batch; returns whether buffers are left in the queue.
	private boolean step() {
		Throwable cause = this.aborted;
		if (cause != null) {
			abortNow(cause);
			return false;
		}
		IOException failed = this.failure;
		if (failed != null) {
			releaseQueue();
			failFlushes(failed);
			return false;
		}
		try {
			writeBatch();
			completeFlushes();
			// ending is read before the queue, so that the writes made before end() are
			// seen, and before aborted, so that an abort() made before end() is seen.
			boolean endRequested = this.ending;
			if (!this.queue.isEmpty()) {
				return true;
			}
			if (endRequested && !this.closed && this.aborted == null) {
				closeNow();
			}
		}
		catch (IOException ex) {
			failNow(ex);
		}
		return false;
	}

	private void completeFlushes() {
		for (PendingFlush pending = this.flushes.peek(); pending != null
				&& pending.bytes() <= this.bytesWritten; pending = this.flushes.peek()) {
			this.flushes.poll();
			pending.future().complete(null);
		}
	}

	private void failFlushes(Throwable cause) {
		for (PendingFlush pending = this.flushes.poll(); pending != null; pending = this.flushes.poll()) {
			pending.future().completeExceptionally(cause);
		}
	}

	private void writeBatch() throws IOException {
		List<DataBuffer> batch = new ArrayList<>();
		for (DataBuffer buffer = this.queue.poll(); buffer != null; buffer = this.queue.poll()) {
			batch.add(buffer);
			if (batch.size() == MAX_GATHER) {
				break;
			}
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			gatheringWrite(batch);
		}
		finally {
			batch.forEach(this::dequeued);
		}
		signalDrainIfDue();
		forceInBackgroundIfDue();
	}

	// The device writes while the transfer goes on, and the force at the end has only
	// the last few MiB left: without it, every byte waits for that force (Java has no
	// sync_file_range to start the write-back alone).
	private void forceInBackgroundIfDue() {
		long interval = this.backgroundForceInterval;
		long written = this.bytesWritten;
		if (this.forceOnEnd && interval > 0 && written - this.bytesAtLastBackgroundForce >= interval
				&& this.forcesInProgress.get() == 0) {
			this.bytesAtLastBackgroundForce = written;
			this.forcesInProgress.incrementAndGet();
			FORCES.schedule(() -> forceInBackground(written));
		}
	}

	private void forceInBackground(long written) {
		try {
			this.channel.force(false);
			forced(written);
		}
		catch (IOException ex) {
			// Closed meanwhile, or failed: the force at the end is the one that tells.
		}
		finally {
			this.forcesInProgress.decrementAndGet();
		}
	}

	private void forced(long bytes) {
		this.bytesForced.accumulateAndGet(bytes, Math::max);
	}

	private void gatheringWrite(List<DataBuffer> batch) throws IOException {
		List<DataBuffer.ByteBufferIterator> iterators = new ArrayList<>(batch.size());
		try {
			List<ByteBuffer> sources = new ArrayList<>(batch.size());
			for (DataBuffer buffer : batch) {
				DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers();
				iterators.add(iterator);
				iterator.forEachRemaining(sources::add);
			}
			Consumer<ByteBuffer> observer = this.writeObserver;
			if (observer != null) {
				observe(observer, sources);
			}
			ByteBuffer[] array = sources.toArray(new ByteBuffer[0]);
			long remaining = sources.stream().mapToLong(ByteBuffer::remaining).sum();
			int first = 0;
			while (remaining > 0) {
				long written = this.channel.write(array, first, array.length - first);
				remaining -= written;
				this.bytesWritten += written;
				while (first < array.length && !array[first].hasRemaining()) {
					first++;
				}
			}
		}
		finally {
			iterators.forEach(DataBuffer.ByteBufferIterator::close);
		}
	}

	private static void observe(Consumer<ByteBuffer> observer, List<ByteBuffer> sources) throws IOException {
		try {
			sources.forEach((source) -> observer.accept(source.asReadOnlyBuffer()));
		}
		catch (RuntimeException ex) {
			throw new IOException("Write observer failed", ex);
		}
	}

	private void dequeued(DataBuffer buffer) {
		this.queuedBytes.remove(buffer.readableByteCount());
		DataBufferUtils.release(buffer);
	}

	private void signalDrainIfDue() {
		if (this.queuedBytes.drainDue()) {
			Runnable handler = this.drainHandler;
			if (handler != null) {
				handler.run();
			}
		}
	}

	private void closeNow() throws IOException {
		this.closed = true;
		if (this.forceOnEnd) {
			this.forcesInProgress.incrementAndGet();
			FORCES.schedule(this::forceAndClose);
		}
		else {
			this.channel.close();
			succeed();
		}
	}

	// Runs off the writer, after the last write: only an abort can touch the stream now.
	// It may close the channel under the force, and the outcome decides who wins.
	private void forceAndClose() {
		try {
			try {
				// Data and size, as fdatasync: enough to read back what was written.
				this.channel.force(false);
				forced(this.bytesWritten);
			}
			finally {
				this.forcesInProgress.decrementAndGet();
				this.channel.close();
			}
			succeed();
		}
		catch (IOException ex) {
			if (this.aborted == null) {
				fail(ex);
			}
		}
	}

	private void succeed() {
		if (this.outcome.compareAndSet(OPEN, SUCCEEDED)) {
			this.ended.complete(null);
		}
	}

	private void failNow(IOException ex) {
		releaseQueue();
		// The failure is decided at once; the channel closes when no force holds it.
		closeThen(() -> {
		});
		fail(ex);
	}

	private void fail(IOException ex) {
		if (!this.outcome.compareAndSet(OPEN, FAILED)) {
			return;
		}
		this.failure = ex;
		failFlushes(ex);
		this.ended.completeExceptionally(ex);
		Consumer<Throwable> handler = this.exceptionHandler;
		if (handler != null) {
			handler.accept(ex);
		}
	}

	private void abortNow(Throwable cause) {
		releaseQueue();
		failFlushes(cause);
		if (this.abortHandled) {
			return;
		}
		this.abortHandled = true;
		if (!this.outcome.compareAndSet(OPEN, FAILED) && this.outcome.get() == SUCCEEDED) {
			// Aborted after a successful end: the file is complete, keep it.
			return;
		}
		closeThen(() -> {
			if (this.deleteOnAbort) {
				deleteQuietly();
			}
			this.ended.completeExceptionally(cause);
		});
	}

	// Closes the channel, then runs afterClose. Closing waits for a force in progress:
	// then both run off the writer, which other streams share.
	private void closeThen(Runnable afterClose) {
		this.closed = true;
		Runnable closing = () -> {
			closeChannelQuietly();
			afterClose.run();
		};
		if (this.forcesInProgress.get() > 0) {
			FORCES.schedule(closing);
		}
		else {
			closing.run();
		}
	}

	private void releaseQueue() {
		for (DataBuffer buffer = this.queue.poll(); buffer != null; buffer = this.queue.poll()) {
			dequeued(buffer);
		}
	}

	private void closeChannelQuietly() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// The output is abandoned: a failed close loses nothing more.
		}
	}

	private void deleteQuietly() {
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			// Best effort: the caller cleans up its own temporary files.
		}
	}

	private record PendingFlush(long bytes, CompletableFuture<Void> future) {

	}

}
