package dev.pump.s3;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Cuts the bytes written to an upload into parts: copies each buffer into arrays of its
 * own and hands every complete part to a queue. Used by the writer's thread only.
 */
final class PartBuilder {

	private static final int MIN_SEGMENT = 64 * 1024;

	// Below half of G1's smallest region (1 MiB): a larger array is "humongous", takes
	// whole regions of its own and wastes up to half of them.
	private static final int MAX_SEGMENT = 256 * 1024;

	private final int partSize;

	private final Queue<Part> ready;

	private final List<ByteBuffer> filling = new ArrayList<>();

	private int fillingBytes;

	private int nextPartNumber = 1;

	private byte @Nullable [] segment;

	private int segmentUsed;

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
			byte[] segment = this.segment;
			if (segment == null || this.segmentUsed == segment.length) {
				segment = newSegment();
			}
			int length = Math.min(item.readableByteCount(), segment.length - this.segmentUsed);
			item.read(segment, this.segmentUsed, length);
			this.filling.add(ByteBuffer.wrap(segment, this.segmentUsed, length).slice());
			this.segmentUsed += length;
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
			ByteBuffer[] whole = this.filling.toArray(new ByteBuffer[0]);
			this.filling.clear();
			return whole;
		}
		if (this.fillingBytes > 0) {
			seal();
		}
		return null;
	}

	private byte[] newSegment() {
		// Grows up to MAX_SEGMENT: few objects for the collector, and a small object does
		// not cost a whole part.
		int size = Math.min(this.nextSegmentSize, this.partSize - this.fillingBytes);
		byte[] segment = new byte[size];
		this.segment = segment;
		this.segmentUsed = 0;
		this.nextSegmentSize = Math.min(MAX_SEGMENT, this.nextSegmentSize * 2);
		return segment;
	}

	private void seal() {
		this.ready.add(new Part(this.nextPartNumber++, this.filling.toArray(new ByteBuffer[0]), this.fillingBytes));
		this.filling.clear();
		this.fillingBytes = 0;
		this.segment = null;
	}

	/**
	 * A part ready to upload.
	 *
	 * @param number the part number, from 1
	 * @param body the content
	 * @param size the size in bytes
	 */
	record Part(int number, ByteBuffer[] body, int size) {

	}

}
