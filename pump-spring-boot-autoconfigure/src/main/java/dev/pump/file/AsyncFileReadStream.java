package dev.pump.file;

import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.Consumer;

import dev.pump.ReadStream;
import dev.pump.buffer.DataBufferReadStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A {@link ReadStream} of a file, or of a range of it, read in chunks with an
 * {@link AsynchronousFileChannel}.
 *
 * <h2>Reading</h2> The file is opened by {@code open} (so a missing file fails there,
 * with {@link java.nio.file.NoSuchFileException}) and read when a handler is first set,
 * one chunk per demand; {@link #pause()} stops reading. At most
 * {@link DataBufferReadStream#DEFAULT_BATCH_SIZE} chunks are read ahead.
 *
 * <h2>Buffers and channel</h2> Chunks are allocated by the given factory; a chunk handed
 * to the handler belongs to the handler, which must release it. Chunks read ahead and not
 * delivered are released by {@link #cancel()}. The channel is closed by this stream at
 * the end, on a read failure and on cancel. A stream that is opened but neither started
 * nor cancelled keeps its channel open: always start or cancel it.
 */
public final class AsyncFileReadStream implements ReadStream<DataBuffer> {

	/**
	 * Chunk size of {@link #open(Path, DataBufferFactory)}.
	 */
	public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

	private final AsynchronousFileChannel channel;

	private final DataBufferReadStream delegate;

	private AsyncFileReadStream(AsynchronousFileChannel channel, Flux<DataBuffer> chunks) {
		this.channel = channel;
		this.delegate = DataBufferReadStream.of(chunks);
	}

	/**
	 * Open a stream of a whole file in chunks of {@value #DEFAULT_CHUNK_SIZE} bytes.
	 * @param path the file
	 * @param bufferFactory the factory of the chunks
	 * @return the stream, not reading yet
	 * @throws IOException if the file cannot be opened
	 */
	public static AsyncFileReadStream open(Path path, DataBufferFactory bufferFactory) throws IOException {
		return open(path, bufferFactory, DEFAULT_CHUNK_SIZE, 0, -1);
	}

	/**
	 * Open a stream of a range of a file, as for an HTTP {@code Range} request.
	 * @param path the file
	 * @param bufferFactory the factory of the chunks
	 * @param chunkSize the bytes read at a time, greater than zero
	 * @param position where to start, zero or more
	 * @param length how many bytes to read at most, or {@code -1} to read to the end
	 * @return the stream, not reading yet
	 * @throws IOException if the file cannot be opened
	 */
	public static AsyncFileReadStream open(Path path, DataBufferFactory bufferFactory, int chunkSize, long position,
			long length) throws IOException {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(bufferFactory, "bufferFactory");
		check(chunkSize > 0, "chunkSize must be greater than zero: " + chunkSize);
		check(position >= 0, "position must not be negative: " + position);
		check(length >= -1, "length must be -1 or more: " + length);
		AsynchronousFileChannel channel = AsynchronousFileChannel.open(path, StandardOpenOption.READ);
		return new AsyncFileReadStream(channel, chunks(channel, bufferFactory, chunkSize, position, length));
	}

	private static Flux<DataBuffer> chunks(AsynchronousFileChannel channel, DataBufferFactory bufferFactory,
			int chunkSize, long position, long length) {
		if (length == 0) {
			return Flux.using(() -> channel, (ignored) -> Flux.empty(), AsyncFileReadStream::closeQuietly);
		}
		// Spring's reader closes the channel when it completes, fails or is cancelled.
		int bufferSize = (length > 0) ? (int) Math.min(chunkSize, length) : chunkSize;
		Flux<DataBuffer> chunks = DataBufferUtils.readAsynchronousFileChannel(() -> channel, position, bufferFactory,
				bufferSize);
		return (length > 0) ? DataBufferUtils.takeUntilByteCount(chunks, length) : chunks;
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	private static void closeQuietly(AsynchronousFileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Nothing was written: a failed close loses nothing.
		}
	}

	@Override
	public AsyncFileReadStream handler(@Nullable Consumer<DataBuffer> handler) {
		this.delegate.handler(handler);
		return this;
	}

	@Override
	public AsyncFileReadStream pause() {
		this.delegate.pause();
		return this;
	}

	@Override
	public AsyncFileReadStream resume() {
		this.delegate.resume();
		return this;
	}

	@Override
	public AsyncFileReadStream endHandler(@Nullable Runnable handler) {
		this.delegate.endHandler(handler);
		return this;
	}

	@Override
	public AsyncFileReadStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.delegate.exceptionHandler(handler);
		return this;
	}

	@Override
	public void cancel() {
		this.delegate.cancel();
	}

	/**
	 * Whether the file channel is still open.
	 * @return {@code true} until the end, a failure or cancel
	 */
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/**
	 * Return the number of chunks read ahead and not yet delivered.
	 * @return the count
	 */
	public int heldCount() {
		return this.delegate.heldCount();
	}

	/**
	 * Return the bytes of the chunks read ahead and not yet delivered.
	 * @return the bytes
	 */
	public long heldBytes() {
		return this.delegate.heldBytes();
	}

}
