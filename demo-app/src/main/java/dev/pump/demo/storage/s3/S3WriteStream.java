package dev.pump.demo.storage.s3;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Streams an object into S3: buffers what is written up to the part size, then uploads it
 * as a part of a multipart upload while the next part fills; an object smaller than one
 * part is stored with a single {@code PUT} on {@link #end()}.
 *
 * <h2>Queue and memory</h2> The write queue holds the bytes of the part being filled and
 * of the parts not yet acknowledged by S3, so it is what this stream keeps in memory. Its
 * maximum is at least {@code partSize * partsInFlight} (a smaller maximum asked by the
 * pump is raised to it, since a part must be complete before it can be sent, and capped
 * at {@code Integer.MAX_VALUE}): a {@link WriteQueueBytes} counts it, full when it
 * reaches that, and the drain handler is called once parts have been acknowledged down to
 * half of it. At most {@code partsInFlight} parts are uploaded at once; a complete part
 * waits for a free slot.
 *
 * <h2>Buffers</h2> Each written {@link DataBuffer} is copied into the part (and into the
 * content digest) and released at once, on every path, so no pooled buffer is held while
 * S3 is slow.
 *
 * <h2>Abort</h2> {@link #abort(Throwable)} drops the buffered parts and aborts the
 * multipart upload once the parts in flight have settled (a part that lands after the
 * abort could otherwise survive it), so that no part is left behind; a failed part or a
 * failed publication does the same.
 *
 * <h2>Threading</h2> {@code write} and {@code end} come from one writer at a time; S3
 * answers on the client's threads. State is guarded by a lock that is never held while
 * calling a handler or the S3 client.
 */
final class S3WriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private final S3Upload upload;

	private final int partSize;

	private final int partsInFlight;

	private final ContentDigest contentDigest;

	private final Object lock = new Object();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final WriteQueueBytes queuedBytes;

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	// Guarded by the lock.
	private final List<ByteBuffer> filling = new ArrayList<>();

	private int fillingBytes;

	private final ArrayDeque<Part> ready = new ArrayDeque<>();

	private int inFlight;

	private final List<CompletedPart> completed = new ArrayList<>();

	private int nextPartNumber = 1;

	private boolean ending;

	private boolean publishing;

	private boolean terminated;

	S3WriteStream(S3Upload upload, int partSize, int partsInFlight, ContentDigest contentDigest) {
		if (partSize <= 0 || partsInFlight <= 0) {
			throw new IllegalArgumentException("Part size and parts in flight must be positive");
		}
		this.upload = upload;
		this.partSize = partSize;
		this.partsInFlight = partsInFlight;
		this.contentDigest = contentDigest;
		this.queuedBytes = new WriteQueueBytes(minimumMaxSize());
	}

	@Override
	public S3WriteStream write(DataBuffer item) {
		byte[] bytes;
		try {
			bytes = new byte[item.readableByteCount()];
			item.read(bytes);
		}
		finally {
			DataBufferUtils.release(item);
		}
		List<Part> toStart;
		synchronized (this.lock) {
			if (this.ending && !this.terminated) {
				throw new IllegalStateException("Write stream has ended");
			}
			if (this.terminated) {
				return this;
			}
			this.contentDigest.update(bytes);
			append(bytes);
			this.queuedBytes.add(bytes.length);
			toStart = startable();
		}
		start(toStart);
		return this;
	}

	@Override
	public S3WriteStream setWriteQueueMaxSize(int maxSize) {
		if (maxSize <= 0) {
			throw new IllegalArgumentException("maxSize must be greater than zero: " + maxSize);
		}
		this.queuedBytes.setMaxSize(Math.max(maxSize, minimumMaxSize()));
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
	public S3WriteStream drainHandler(@Nullable Runnable handler) {
		this.drainHandler = handler;
		return this;
	}

	@Override
	public S3WriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.exceptionHandler = handler;
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		String sha256;
		ByteBuffer[] single = null;
		List<Part> toStart;
		boolean publish;
		synchronized (this.lock) {
			if (this.ending || this.terminated) {
				return this.ended;
			}
			this.ending = true;
			// Every write is in the digest: writes come from one writer, end() after
			// them.
			sha256 = this.contentDigest.sha256();
			boolean multipart = this.nextPartNumber > 1;
			if (!multipart) {
				single = this.filling.toArray(new ByteBuffer[0]);
			}
			else if (this.fillingBytes > 0) {
				seal();
			}
			toStart = startable();
			publish = multipart && readyToPublish();
		}
		if (single != null) {
			settle(this.upload.putObject(single, sha256));
		}
		start(toStart);
		if (publish) {
			publish();
		}
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		terminate();
		this.ended.completeExceptionally(cause);
	}

	private int minimumMaxSize() {
		// Parts of up to 2 GiB each could add up past an int. Capped, the queue still
		// never fills with nothing on its way: the part being filled is smaller.
		return (int) Math.min(Integer.MAX_VALUE, (long) this.partSize * this.partsInFlight);
	}

	private void append(byte[] bytes) {
		int offset = 0;
		while (offset < bytes.length) {
			int length = Math.min(bytes.length - offset, this.partSize - this.fillingBytes);
			this.filling.add(ByteBuffer.wrap(bytes, offset, length).slice());
			this.fillingBytes += length;
			offset += length;
			if (this.fillingBytes == this.partSize) {
				seal();
			}
		}
	}

	private void seal() {
		this.ready.add(new Part(this.nextPartNumber++, this.filling.toArray(new ByteBuffer[0]), this.fillingBytes));
		this.filling.clear();
		this.fillingBytes = 0;
	}

	private List<Part> startable() {
		List<Part> parts = new ArrayList<>();
		while (this.inFlight < this.partsInFlight && !this.ready.isEmpty()) {
			parts.add(this.ready.poll());
			this.inFlight++;
		}
		return parts;
	}

	private boolean readyToPublish() {
		boolean publish = this.ending && !this.publishing && !this.terminated && this.inFlight == 0
				&& this.ready.isEmpty();
		this.publishing |= publish;
		return publish;
	}

	private void start(List<Part> parts) {
		for (Part part : parts) {
			this.upload.uploadPart(part.number(), part.body())
				.whenComplete((completedPart, failure) -> partDone(part, completedPart, failure));
		}
	}

	private void partDone(Part part, @Nullable CompletedPart completedPart, @Nullable Throwable failure) {
		boolean drained;
		boolean publish;
		boolean abortUpload;
		List<Part> toStart;
		synchronized (this.lock) {
			this.inFlight--;
			abortUpload = this.terminated && this.inFlight == 0;
			if (failure == null && !this.terminated && completedPart != null) {
				this.completed.add(completedPart);
				this.queuedBytes.remove(part.size());
			}
			drained = !this.terminated && this.queuedBytes.drainDue();
			toStart = (failure == null) ? startable() : List.of();
			publish = (failure == null) && readyToPublish();
		}
		if (abortUpload) {
			this.upload.abort();
			return;
		}
		if (failure != null) {
			fail(S3Errors.unwrap(failure));
			return;
		}
		start(toStart);
		Runnable handler = this.drainHandler;
		if (drained && handler != null) {
			handler.run();
		}
		if (publish) {
			publish();
		}
	}

	private void publish() {
		List<CompletedPart> parts;
		synchronized (this.lock) {
			parts = new ArrayList<>(this.completed);
		}
		parts.sort(Comparator.comparing(CompletedPart::partNumber));
		// Finished in end(), which made publishing possible.
		settle(this.upload.complete(parts, this.contentDigest.sha256()));
	}

	private void settle(CompletableFuture<Void> publication) {
		publication.whenComplete((ignored, failure) -> {
			if (failure != null) {
				this.upload.abort();
				this.ended.completeExceptionally(S3Errors.unwrap(failure));
			}
			else {
				this.ended.complete(null);
			}
		});
	}

	private void fail(Throwable failure) {
		if (terminate()) {
			this.ended.completeExceptionally(failure);
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(failure);
			}
		}
	}

	/**
	 * Drop everything for good and abort the upload, now if no part is in flight, else
	 * when the last one settles.
	 * @return whether this call terminated the stream
	 */
	private boolean terminate() {
		boolean abortNow;
		synchronized (this.lock) {
			if (this.terminated) {
				return false;
			}
			this.terminated = true;
			this.filling.clear();
			this.fillingBytes = 0;
			this.ready.clear();
			this.queuedBytes.remove(this.queuedBytes.size());
			abortNow = this.inFlight == 0;
		}
		if (abortNow) {
			this.upload.abort();
		}
		return true;
	}

	/**
	 * A part ready to upload.
	 *
	 * @param number the part number, from 1
	 * @param body the content
	 * @param size the size in bytes
	 */
	private record Part(int number, ByteBuffer[] body, int size) {

	}

}
