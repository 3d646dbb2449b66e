package dev.pump.file;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write and force files for {@link AsyncFileWriteStream}: writer lanes,
 * each stream writing on one of them (threads named {@code pump-file-writer-N}), and
 * force threads, on which forces to the device and the closes they hold up run (named
 * {@code pump-file-force-N}, started on demand and ended after a minute idle).
 *
 * <p>
 * An application creates them, passes them to its streams with
 * {@link FileWriteOptions#threads(FileThreads)}, measures them ({@link #queuedWrites()},
 * {@link #activeWriters()}, {@link #queuedForces()}, {@link #activeForces()}), and
 * {@link #close() closes} them when it stops; the Spring Boot auto-configuration does all
 * of that from the {@code pump.file.*} properties. Streams opened without threads use the
 * {@link #shared()} ones, daemon threads that live as long as the JVM. All these threads
 * are daemon threads.
 */
public final class FileThreads implements AutoCloseable {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private final FileWriterThreads writers;

	private final ThreadPoolExecutor forces;

	private final boolean closeable;

	private FileThreads(int writerThreads, int forceThreads, boolean closeable) {
		if (forceThreads <= 0) {
			throw new IllegalArgumentException("forceThreads must be greater than zero: " + forceThreads);
		}
		this.writers = new FileWriterThreads(writerThreads, "pump-file-writer-");
		// A force blocks for as long as the device takes: a pool whose threads start on
		// demand, up to the maximum, and end when idle, as Reactor's bounded elastic.
		this.forces = new ThreadPoolExecutor(forceThreads, forceThreads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new NamedDaemonThreads("pump-file-force-"));
		this.forces.allowCoreThreadTimeOut(true);
		this.closeable = closeable;
	}

	/**
	 * Create threads of the given numbers; {@link #close()} them when done.
	 * @param writerThreads the number of writer lanes
	 * @param forceThreads the most force threads at once
	 * @return the threads
	 * @throws IllegalArgumentException if a number is not positive
	 */
	public static FileThreads create(int writerThreads, int forceThreads) {
		return new FileThreads(writerThreads, forceThreads, true);
	}

	/**
	 * Return the threads shared by the streams of this JVM that were given none, started
	 * on first use; they cannot be closed.
	 * @return the shared threads
	 */
	public static FileThreads shared() {
		return Shared.INSTANCE;
	}

	/**
	 * Return the default number of writer lanes: one per processor, at least two.
	 * @return the number
	 */
	public static int defaultWriterThreads() {
		return Math.max(2, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Return the default most force threads: ten per processor, as Reactor's bounded
	 * elastic scheduler.
	 * @return the number
	 */
	public static int defaultForceThreads() {
		return 10 * Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Return the number of writer lanes.
	 * @return the number
	 */
	public int writerThreads() {
		return this.writers.size();
	}

	/**
	 * Return the most force threads at once.
	 * @return the number
	 */
	public int forceThreads() {
		return this.forces.getMaximumPoolSize();
	}

	/**
	 * Return the writing tasks waiting for their lane.
	 * @return the tasks
	 */
	public int queuedWrites() {
		return this.writers.queued();
	}

	/**
	 * Return the writer lanes running a task right now.
	 * @return the busy lanes
	 */
	public int activeWriters() {
		return this.writers.active();
	}

	/**
	 * Return the forces (and closes) waiting for a force thread.
	 * @return the tasks
	 */
	public int queuedForces() {
		return this.forces.getQueue().size();
	}

	/**
	 * Return the force threads running a force or a close right now.
	 * @return the busy threads
	 */
	public int activeForces() {
		return this.forces.getActiveCount();
	}

	/**
	 * Stop the threads: they take no new tasks (a stream that still writes fails with an
	 * {@link java.io.IOException}, its buffers released), run the tasks already queued,
	 * and end. Waits up to ten seconds for them.
	 * @throws IllegalStateException if these are the {@link #shared()} threads
	 */
	@Override
	public void close() {
		if (!this.closeable) {
			throw new IllegalStateException("The shared file threads live as long as the JVM");
		}
		this.writers.shutdown();
		this.forces.shutdown();
		long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
		try {
			if (this.writers.awaitTermination(CLOSE_TIMEOUT.toNanos())) {
				this.forces.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether {@link #close()} has been called and every thread has ended.
	 * @return {@code true} once terminated
	 */
	public boolean isTerminated() {
		return this.writers.isTerminated() && this.forces.isTerminated();
	}

	Executor nextWriter() {
		return this.writers.next();
	}

	Executor forces() {
		return this.forces;
	}

	@Override
	public String toString() {
		return "FileThreads[writerThreads=" + writerThreads() + ", forceThreads=" + forceThreads() + "]";
	}

	private static final class Shared {

		static final FileThreads INSTANCE = new FileThreads(defaultWriterThreads(), defaultForceThreads(), false);

	}

	private static final class NamedDaemonThreads implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		NamedDaemonThreads(String prefix) {
			this.prefix = Objects.requireNonNull(prefix, "prefix");
		}

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
