package dev.pump.file;

import java.util.Objects;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * How an {@link AsyncFileWriteStream} writes its file: an immutable value, each method
 * returning a copy with one option changed.
 *
 * <pre class="code">
 * AsyncFileWriteStream.open(path, FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().threads(fileThreads));
 * </pre>
 */
public final class FileWriteOptions {

	/**
	 * Default {@link #backgroundForceInterval(long) background force interval}, in bytes.
	 */
	public static final long DEFAULT_BACKGROUND_FORCE_INTERVAL = 8 * 1024 * 1024;

	private static final FileWriteOptions DEFAULTS = new FileWriteOptions(false, false,
			DEFAULT_BACKGROUND_FORCE_INTERVAL, null, null, false);

	private final boolean forceOnEnd;

	private final boolean deleteOnAbort;

	private final long backgroundForceInterval;

	// Null for the shared threads, looked up when a stream opens.
	private final @Nullable FileThreads threads;

	private final @Nullable Executor writer;

	private final boolean append;

	private FileWriteOptions(boolean forceOnEnd, boolean deleteOnAbort, long backgroundForceInterval,
			@Nullable FileThreads threads, @Nullable Executor writer, boolean append) {
		this.forceOnEnd = forceOnEnd;
		this.deleteOnAbort = deleteOnAbort;
		this.backgroundForceInterval = backgroundForceInterval;
		this.threads = threads;
		this.writer = writer;
		this.append = append;
	}

	/**
	 * Return the defaults: no force, the partial file left on abort, a background force
	 * every {@value #DEFAULT_BACKGROUND_FORCE_INTERVAL} bytes once forcing, and the
	 * {@link FileThreads#shared() shared threads}.
	 * @return the default options
	 */
	public static FileWriteOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return options with which {@link AsyncFileWriteStream#end()} forces the content to
	 * the storage device before it completes, and forces start in the background as the
	 * writes go on.
	 * @return the new options
	 */
	public FileWriteOptions forceOnEnd() {
		return new FileWriteOptions(true, this.deleteOnAbort, this.backgroundForceInterval, this.threads, this.writer,
				this.append);
	}

	/**
	 * Return options with which {@link AsyncFileWriteStream#abort(Throwable)} deletes the
	 * partial file.
	 * @return the new options
	 */
	public FileWriteOptions deleteOnAbort() {
		return new FileWriteOptions(this.forceOnEnd, true, this.backgroundForceInterval, this.threads, this.writer,
				this.append);
	}

	/**
	 * Return options that start a force in the background each time this many bytes have
	 * been written since the last force started; {@code 0} for none. Only streams that
	 * {@link #forceOnEnd() force on end} force in the background.
	 * @param bytes the interval, {@value #DEFAULT_BACKGROUND_FORCE_INTERVAL} unless set
	 * @return the new options
	 * @throws IllegalArgumentException if {@code bytes} is negative
	 */
	public FileWriteOptions backgroundForceInterval(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("Background force interval must not be negative: " + bytes);
		}
		return new FileWriteOptions(this.forceOnEnd, this.deleteOnAbort, bytes, this.threads, this.writer, this.append);
	}

	/**
	 * Return options that start a force in the background each time this much has been
	 * written since the last force started; zero for none.
	 * @param size the interval
	 * @return the new options
	 * @throws IllegalArgumentException if {@code size} is negative
	 * @see #backgroundForceInterval(long)
	 */
	public FileWriteOptions backgroundForceInterval(DataSize size) {
		return backgroundForceInterval(Objects.requireNonNull(size, "size").toBytes());
	}

	/**
	 * Return options that write on a lane of the given threads and force on their force
	 * threads, instead of the {@link FileThreads#shared() shared} ones: for example the
	 * application's bean.
	 * @param threads the threads
	 * @return the new options
	 */
	public FileWriteOptions threads(FileThreads threads) {
		Objects.requireNonNull(threads, "threads");
		return new FileWriteOptions(this.forceOnEnd, this.deleteOnAbort, this.backgroundForceInterval, threads,
				this.writer, this.append);
	}

	/**
	 * Return options that write with the given executor instead of a lane of the
	 * {@link #threads(FileThreads) threads}: for example a pool of many threads, for a
	 * file system whose writes can block for long (a network file system). Forces still
	 * run on the force threads.
	 * @param writer runs the writing tasks; a stream never gives it two at once. A task
	 * it rejects (a pool that was shut down) fails the stream with an
	 * {@link java.io.IOException}
	 * @return the new options
	 */
	public FileWriteOptions writer(Executor writer) {
		Objects.requireNonNull(writer, "writer");
		return new FileWriteOptions(this.forceOnEnd, this.deleteOnAbort, this.backgroundForceInterval, this.threads,
				writer, this.append);
	}

	/**
	 * Return options with which
	 * {@link AsyncFileWriteStream#open(java.nio.file.Path, FileWriteOptions)} keeps the
	 * content of an existing file and writes after it, instead of truncating it: for
	 * example to resume an interrupted upload.
	 * @return the new options
	 */
	public FileWriteOptions append() {
		return new FileWriteOptions(this.forceOnEnd, this.deleteOnAbort, this.backgroundForceInterval, this.threads,
				this.writer, true);
	}

	/**
	 * Whether {@code end()} forces the content to the storage device.
	 * @return {@code true} if so
	 */
	public boolean isForceOnEnd() {
		return this.forceOnEnd;
	}

	/**
	 * Whether {@code abort()} deletes the partial file.
	 * @return {@code true} if so
	 */
	public boolean isDeleteOnAbort() {
		return this.deleteOnAbort;
	}

	/**
	 * Whether the stream writes after the existing content of its file.
	 * @return {@code true} if so
	 */
	public boolean isAppend() {
		return this.append;
	}

	/**
	 * Return the bytes written between background forces.
	 * @return the interval, {@code 0} for none
	 */
	public long backgroundForceInterval() {
		return this.backgroundForceInterval;
	}

	/**
	 * Return the threads that write and force.
	 * @return the threads given, or the {@link FileThreads#shared() shared} ones
	 */
	public FileThreads threads() {
		return (this.threads != null) ? this.threads : FileThreads.shared();
	}

	/**
	 * Return the executor that writes instead of a lane of the threads.
	 * @return the executor, or {@code null} for a lane
	 */
	public @Nullable Executor writer() {
		return this.writer;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof FileWriteOptions that && this.forceOnEnd == that.forceOnEnd
				&& this.deleteOnAbort == that.deleteOnAbort
				&& this.backgroundForceInterval == that.backgroundForceInterval && this.threads == that.threads
				&& this.writer == that.writer && this.append == that.append);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.forceOnEnd, this.deleteOnAbort, this.backgroundForceInterval,
				System.identityHashCode(this.threads), System.identityHashCode(this.writer), this.append);
	}

	@Override
	public String toString() {
		return "FileWriteOptions[forceOnEnd=" + this.forceOnEnd + ", deleteOnAbort=" + this.deleteOnAbort
				+ ", backgroundForceInterval=" + this.backgroundForceInterval + ", append=" + this.append + "]";
	}

}
