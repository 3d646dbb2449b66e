package dev.pump.web;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.Consumer;

import dev.pump.DrainLoop;
import dev.pump.ReadStream;
import io.netty.channel.FileRegion;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReadStream} of a file, or a range of it, as Netty {@link FileRegion}s of at
 * most {@value #DEFAULT_REGION_SIZE} bytes, for a zero-copy pump into a
 * {@link FileRegionWriteStream}: no byte of the file enters user space. Vert.x cuts a
 * large {@code sendfile} into regions of the same size.
 *
 * <h2>Regions and channel</h2> A region is cut only when the handler can take it, so none
 * is held by the stream; a region handed to the handler belongs to it, which must release
 * it (Netty does once it is written). The file channel is closed when the stream has
 * ended or is cancelled and every region it handed out has been released.
 */
public final class FileRegionReadStream implements ReadStream<FileRegion> {

	/**
	 * Size of the regions: large enough that the cost of a region is nothing next to its
	 * transfer, small enough that progress shows while a file is sent.
	 */
	public static final int DEFAULT_REGION_SIZE = 1024 * 1024;

	private final SharedFileRegion.Owner file;

	private final long end;

	private final DrainLoop loop = new DrainLoop(this::deliver);

	// Touched only inside the drain loop.
	private long position;

	private volatile @Nullable Consumer<FileRegion> handler;

	private volatile @Nullable Runnable endHandler;

	private volatile boolean paused;

	private volatile boolean finished;

	// Touched only inside the drain loop: the stream's own hold on the channel is given
	// up once.
	private boolean released;

	private FileRegionReadStream(FileChannel channel, long position, long length) {
		this.file = new SharedFileRegion.Owner(channel);
		this.position = position;
		this.end = position + length;
	}

	/**
	 * Open a stream of a range of a file.
	 * @param path the file
	 * @param position where to start, zero or more
	 * @param length the bytes to send, zero or more
	 * @return the stream, not reading yet
	 * @throws IOException if the file cannot be opened
	 */
	public static FileRegionReadStream open(Path path, long position, long length) throws IOException {
		Objects.requireNonNull(path, "path");
		return of(FileChannel.open(path, StandardOpenOption.READ), position, length);
	}

	/**
	 * Return a stream of a range of an open file. The stream owns the channel from now on
	 * and closes it.
	 * @param channel the file
	 * @param position where to start, zero or more
	 * @param length the bytes to send, zero or more
	 * @return the stream, not reading yet
	 */
	public static FileRegionReadStream of(FileChannel channel, long position, long length) {
		Objects.requireNonNull(channel, "channel");
		if (position < 0 || length < 0) {
			closeQuietly(channel);
			throw new IllegalArgumentException("position and length must not be negative: " + position + ", " + length);
		}
		return new FileRegionReadStream(channel, position, length);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Only read from: a failed close loses nothing.
		}
	}

	@Override
	public FileRegionReadStream handler(@Nullable Consumer<FileRegion> handler) {
		this.handler = handler;
		this.loop.drain();
		return this;
	}

	@Override
	public FileRegionReadStream pause() {
		this.paused = true;
		return this;
	}

	@Override
	public FileRegionReadStream resume() {
		this.paused = false;
		this.loop.drain();
		return this;
	}

	@Override
	public FileRegionReadStream endHandler(@Nullable Runnable handler) {
		this.endHandler = handler;
		return this;
	}

	@Override
	public FileRegionReadStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		// Cutting a region does no I/O: nothing can fail here.
		return this;
	}

	@Override
	public void cancel() {
		this.finished = true;
		this.loop.drain();
	}

	/**
	 * Whether the file channel is still open.
	 * @return {@code false} once the stream has finished and its regions are released
	 */
	public boolean isOpen() {
		return this.file.isOpen();
	}

	private void deliver() {
		while (!this.finished) {
			Consumer<FileRegion> current = this.handler;
			// Paused holds the end back too: a paused stream delivers nothing.
			if (current == null || this.paused) {
				return;
			}
			if (this.position >= this.end) {
				this.finished = true;
				releaseFile();
				Runnable onEnd = this.endHandler;
				if (onEnd != null) {
					onEnd.run();
				}
				return;
			}
			long count = Math.min(DEFAULT_REGION_SIZE, this.end - this.position);
			FileRegion region = this.file.region(this.position, count);
			this.position += count;
			current.accept(region);
		}
		releaseFile();
	}

	private void releaseFile() {
		if (!this.released) {
			this.released = true;
			this.file.release();
		}
	}

}
