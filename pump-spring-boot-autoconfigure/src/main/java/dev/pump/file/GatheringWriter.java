package dev.pump.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import dev.pump.WriteQueueBytes;
import dev.pump.buffer.DataBuffers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * The write queue of an {@link AsyncFileWriteStream} and its batches: buffers are queued
 * by the caller, counted in bytes until they are written, and written in order by
 * {@link #writeBatch()}, at most {@value AsyncFileWriteStream#MAX_GATHER} per gathering
 * write. Every buffer is released once written or {@link #releaseAll() dropped}.
 *
 * <p>
 * {@link #writeBatch()} and {@link #releaseAll()} run on the writing task only, one at a
 * time; {@link #offer(DataBuffer)} on the caller's thread.
 */
final class GatheringWriter {

	private final FileChannel channel;

	private final Queue<DataBuffer> queue = new ConcurrentLinkedQueue<>();

	private final WriteQueueBytes queuedBytes = new WriteQueueBytes(AsyncFileWriteStream.DEFAULT_WRITE_QUEUE_MAX_SIZE);

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<ByteBuffer> observer;

	// Touched by the callers of write() and flush() only, one at a time.
	private long bytesAccepted;

	private volatile long bytesWritten;

	GatheringWriter(FileChannel channel) {
		this.channel = channel;
	}

	void offer(DataBuffer buffer) {
		int size = buffer.readableByteCount();
		this.queuedBytes.add(size);
		this.bytesAccepted += size;
		this.queue.offer(buffer);
	}

	WriteQueueBytes queuedBytes() {
		return this.queuedBytes;
	}

	long bytesAccepted() {
		return this.bytesAccepted;
	}

	long bytesWritten() {
		return this.bytesWritten;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	void drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
	}

	void observer(@Nullable Consumer<ByteBuffer> observer) {
		this.observer = observer;
	}

	/**
	 * Write the next batch of queued buffers, release them, and call the drain handler if
	 * the queue fell to half its maximum.
	 * @return whether anything was written
	 * @throws IOException if the write or the observer failed; the batch is released
	 */
	boolean writeBatch() throws IOException {
		List<DataBuffer> batch = new ArrayList<>();
		for (DataBuffer buffer = this.queue.poll(); buffer != null; buffer = this.queue.poll()) {
			batch.add(buffer);
			if (batch.size() == AsyncFileWriteStream.MAX_GATHER) {
				break;
			}
		}
		if (batch.isEmpty()) {
			return false;
		}
		try {
			gatheringWrite(batch);
		}
		finally {
			batch.forEach(this::dequeued);
		}
		signalDrainIfDue();
		return true;
	}

	/**
	 * Release every queued buffer: the stream failed or was aborted.
	 */
	void releaseAll() {
		for (DataBuffer buffer = this.queue.poll(); buffer != null; buffer = this.queue.poll()) {
			dequeued(buffer);
		}
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
			Consumer<ByteBuffer> observer = this.observer;
			if (observer != null) {
				observe(observer, sources);
			}
			writeFully(sources.toArray(new ByteBuffer[0]));
		}
		finally {
			iterators.forEach(DataBuffer.ByteBufferIterator::close);
		}
	}

	private void writeFully(ByteBuffer[] sources) throws IOException {
		long remaining = 0;
		for (ByteBuffer source : sources) {
			remaining += source.remaining();
		}
		int first = 0;
		while (remaining > 0) {
			long written = this.channel.write(sources, first, sources.length - first);
			remaining -= written;
			this.bytesWritten += written;
			while (first < sources.length && !sources[first].hasRemaining()) {
				first++;
			}
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
		DataBuffers.release(buffer);
	}

	private void signalDrainIfDue() {
		if (this.queuedBytes.drainDue()) {
			Runnable handler = this.drainHandler;
			if (handler != null) {
				handler.run();
			}
		}
	}

}
