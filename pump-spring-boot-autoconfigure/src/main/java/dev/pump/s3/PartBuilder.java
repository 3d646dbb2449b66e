package dev.pump.s3;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Cuts the bytes written to an upload into parts: copies each buffer into segments of
 * direct memory and hands every complete part to a queue. The segments of an acknowledged
 * part are {@link #recycle(Part) recycled} for the next parts, so that a long upload
 * allocates only as many as its write queue holds.
 * <p>
 * Why direct segments: the SDK's Netty client writes a heap buffer by first copying it
 * into direct memory; a direct segment goes to the socket as it is, so each byte is
 * copied once (from the written buffer into the segment), as when the SDK buffers a body
 * of its own. Why recycled: a new segment must be zeroed, and an upload of 1 GiB would
 * otherwise zero and collect 1 GiB. Only a part that S3 has acknowledged is recycled: its
 * request is over, nothing reads its segments any more; the segments of a failed part are
 * left to the collector.
 * <p>
 * {@link #append} and {@link #finish} are called by the writer's thread only;
 * {@link #recycle} by any thread.
 */
final class PartBuilder {

	private static final int MIN_SEGMENT = 64 * 1024;

	private static final int MAX_SEGMENT = 256 * 1024;

	private final int partSize;

	private final Queue<Part> ready;

	private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

	// The segments of the part being filled, each written from its start.
	private final List<ByteBuffer> filling = new ArrayList<>();

	private int fillingBytes;

	private int nextPartNumber = 1;

	private @Nullable ByteBuffer segment;

	private int nextSegmentSize = MIN_SEGMENT;

	PartBuilder(int partSize, Queue<Part> ready) {
		this.partSize = partSize;
		this.ready = ready;
	}

	/**
	 * Copy the readable bytes of a buffer into the part being filled, handing each part
	 * that becomes complete to the queue. The buffer is not released.
	 * @param item the buffer
	 * @return whether a part was completed
	 */
	boolean append(DataBuffer item) {
		boolean sealed = false;
		while (item.readableByteCount() > 0) {
			ByteBuffer segment = this.segment;
			if (segment == null || !segment.hasRemaining()) {
				segment = nextSegment();
			}
			int start = segment.position();
			int length = Math.min(item.readableByteCount(), segment.remaining());
			int readPosition = item.readPosition();
			item.toByteBuffer(readPosition, segment, start, length);
			item.readPosition(readPosition + length);
			segment.position(start + length);
			this.fillingBytes += length;
			if (this.fillingBytes == this.partSize) {
				seal();
				sealed = true;
			}
		}
		return sealed;
	}

	/**
	 * Finish: the bytes of a whole object smaller than a part, or {@code null} after
	 * handing the last part (if not empty) to the queue.
	 * @return the whole content to put in one request, or {@code null} for a multipart
	 * object
	 */
	ByteBuffer @Nullable [] finish() {
		if (this.nextPartNumber == 1) {
			ByteBuffer[] whole = written(this.filling);
			this.filling.clear();
			return whole;
		}
		if (this.fillingBytes > 0) {
			seal();
		}
		return null;
	}

	/**
	 * Take back the segments of a part that S3 has acknowledged.
	 * @param part the part
	 */
	void recycle(Part part) {
		for (ByteBuffer segment : part.segments()) {
			this.free.add(segment);
		}
	}

	private ByteBuffer nextSegment() {
		ByteBuffer segment = this.free.poll();
		if (segment == null) {
			// Grows up to MAX_SEGMENT: few segments, and a small object does not cost a
			// whole part.
			segment = ByteBuffer.allocateDirect(this.nextSegmentSize);
			this.nextSegmentSize = Math.min(MAX_SEGMENT, this.nextSegmentSize * 2);
		}
		segment.clear();
		segment.limit(Math.min(segment.capacity(), this.partSize - this.fillingBytes));
		this.filling.add(segment);
		this.segment = segment;
		return segment;
	}

	private void seal() {
		this.ready.add(new Part(this.nextPartNumber++, written(this.filling), this.fillingBytes,
				this.filling.toArray(new ByteBuffer[0])));
		this.filling.clear();
		this.fillingBytes = 0;
		this.segment = null;
	}

	// What was written into each segment, as views of their own for the requests.
	private static ByteBuffer[] written(List<ByteBuffer> segments) {
		ByteBuffer[] body = new ByteBuffer[segments.size()];
		for (int i = 0; i < body.length; i++) {
			ByteBuffer segment = segments.get(i);
			body[i] = segment.slice(0, segment.position());
		}
		return body;
	}

	/**
	 * A part ready to upload.
	 *
	 * @param number the part number, from 1
	 * @param body the content
	 * @param size the size in bytes
	 * @param segments the segments that hold the content, for {@link #recycle(Part)}
	 */
	record Part(int number, ByteBuffer[] body, int size, ByteBuffer[] segments) {

	}

}
