package dev.pump.s3;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.pump.DrainLoop;
import dev.pump.WriteQueueBytes;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.buffer.DataBuffers;
import dev.pump.s3.PartBuilder.Part;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A {@link WriteStream} into an S3 object, from {@link S3Streams#upload}: buffers what is
 * written up to the part size, then uploads it as a part of a multipart upload while the
 * next part fills; an object smaller than one part is stored with one {@code PutObject}
 * on {@link #end()}.
 *
 * <h2>Queue and memory</h2> The write queue is the part being filled plus the parts not
 * yet acknowledged by S3: what this stream keeps in memory. Its maximum is at least
 * {@code partSize * partsInFlight} (a smaller maximum asked by the pump is raised to it,
 * since a part must be complete before it is sent); the drain handler is called once an
 * acknowledged part leaves room for a whole part again (or the queue falls to half its
 * maximum, if that comes first), so that the next part fills while the others are still
 * on their way. At most {@code partsInFlight} parts are uploaded at once; a complete part
 * waits for a slot.
 *
 * <h2>Buffers</h2> Each written {@link DataBuffer} is copied into the part (segments of
 * direct memory of up to 256 KiB, recycled from acknowledged parts) on the caller's
 * thread and released at once, so no pooled buffer is held while S3 is slow. The memory
 * of the segments is the write queue's; it is let go of when the stream is collected.
 *
 * <h2>End and abort</h2> {@link #end()} completes once the object is visible. A failed
 * part or publication fails the stream: the exception handler gets the client's failure
 * and {@code end()} fails with it. {@link #abort(Throwable)} (and any failure) drops the
 * parts not sent and aborts the multipart upload once the parts in flight have settled,
 * so that no part is left behind; an abort that comes while the object is being published
 * deletes it if it appeared.
 *
 * <h2>Threading</h2> {@code write} and {@code end} come from one writer at a time; S3
 * answers on the client's threads. Part starts, acknowledgements, the drain handler and
 * publication run in one {@link DrainLoop}; no lock is held while calling a handler or
 * the client.
 */
public final class S3WriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private final S3UploadRequests requests;

	private final int partsInFlight;

	private final int minMaxSize;

	private final WriteQueueBytes queue;

	private final DrainLoop loop = new DrainLoop(this::drainLoop);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	// Sealed by the writer, started by the loop.
	private final Queue<Part> ready = new ConcurrentLinkedQueue<>();

	// Settled by the client, counted by the loop.
	private final Queue<Settled> settled = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Runnable drainHandler;

	private volatile @Nullable Consumer<Throwable> exceptionHandler;

	// Set by end() after the last part was sealed, or the whole content kept in single.
	private volatile boolean ending;

	private volatile ByteBuffer @Nullable [] single;

	// The writer's only.
	private final PartBuilder parts;

	// The loop's only.
	private final List<CompletedPart> completed = new ArrayList<>();

	private int inFlight;

	private boolean publishing;

	private boolean cleanedUp;

	S3WriteStream(S3UploadRequests requests, S3UploadOptions options) {
		this.requests = requests;
		this.parts = new PartBuilder(options.partSize(), this.ready);
		this.partsInFlight = options.partsInFlight();
		this.minMaxSize = options.memoryBound();
		this.queue = new WriteQueueBytes(this.minMaxSize);
		this.queue.drainWhenRoomFor(options.partSize());
	}

	@Override
	public S3WriteStream write(DataBuffer item) {
		Objects.requireNonNull(item, "item");
		boolean sealed;
		try {
			if (this.failure.get() != null) {
				return this;
			}
			if (this.ending) {
				throw new IllegalStateException("Write stream has ended");
			}
			this.queue.add(item.readableByteCount());
			sealed = this.parts.append(item);
		}
		finally {
			DataBuffers.release(item);
		}
		if (sealed) {
			this.loop.drain();
		}
		return this;
	}

	@Override
	public S3WriteStream setWriteQueueMaxSize(int maxSize) {
		if (maxSize <= 0) {
			throw new IllegalArgumentException("maxSize must be greater than zero: " + maxSize);
		}
		this.queue.setMaxSize(Math.max(maxSize, this.minMaxSize));
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.queue.isFull();
	}

	@Override
	public long writeQueueSize() {
		return this.queue.size();
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
		if (this.ending || this.failure.get() != null) {
			return this.ended;
		}
		this.single = this.parts.finish();
		this.ending = true;
		this.loop.drain();
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		if (this.failure.compareAndSet(null, cause)) {
			this.ended.completeExceptionally(cause);
			this.loop.drain();
		}
	}

	/**
	 * Return the number of bytes the stream holds at most while the pump respects its
	 * queue: the part size times the parts in flight, or the queue maximum if larger.
	 * @return the bytes
	 */
	public long memoryBound() {
		return this.queue.maxSize();
	}

	private void drainLoop() {
		countSettled();
		if (this.failure.get() != null) {
			cleanUp();
			return;
		}
		startParts();
		Runnable handler = this.drainHandler;
		if (handler != null && this.queue.drainDue()) {
			handler.run();
		}
		if (this.ending && !this.publishing && this.inFlight == 0 && this.ready.isEmpty()) {
			this.publishing = true;
			publish();
		}
	}

	private void countSettled() {
		Settled settled;
		while ((settled = this.settled.poll()) != null) {
			this.inFlight--;
			if (settled.failure() != null) {
				fail(S3Failures.unwrap(settled.failure()));
			}
			else if (settled.completed() != null) {
				this.completed.add(settled.completed());
				this.queue.remove(settled.part().size());
				this.parts.recycle(settled.part());
			}
		}
	}

	private void startParts() {
		while (this.inFlight < this.partsInFlight) {
			Part part = this.ready.poll();
			if (part == null) {
				return;
			}
			this.inFlight++;
			this.requests.uploadPart(part.number(), part.body()).whenComplete((completedPart, partFailure) -> {
				this.settled.add(new Settled(completedPart, partFailure, part));
				this.loop.drain();
			});
		}
	}

	private void cleanUp() {
		this.ready.clear();
		this.single = null;
		if (!this.cleanedUp && this.inFlight == 0 && !this.publishing) {
			this.cleanedUp = true;
			this.requests.abort();
		}
	}

	private void publish() {
		ByteBuffer[] body = this.single;
		this.single = null;
		List<CompletedPart> parts = new ArrayList<>(this.completed);
		parts.sort(Comparator.comparing(CompletedPart::partNumber));
		S3UploadOptions options = this.requests.options();
		CompletableFuture<Void> publication = prepare(options, body == null).thenCompose(
				(metadata) -> (body != null) ? this.requests.putObject(body, metadata) : this.requests.complete(parts));
		publication.whenComplete((ignored, publicationFailure) -> published(publicationFailure));
	}

	private static CompletableFuture<Map<String, String>> prepare(S3UploadOptions options, boolean multipart) {
		try {
			return options.beforePublish().prepare(multipart, options.metadata());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void published(@Nullable Throwable publicationFailure) {
		if (publicationFailure != null) {
			fail(S3Failures.unwrap(publicationFailure));
			this.requests.abort();
		}
		else if (!this.ended.complete(null)) {
			// Aborted while S3 was making the object visible: undo it.
			this.requests.deleteObject();
		}
	}

	private void fail(Throwable cause) {
		if (this.failure.compareAndSet(null, cause)) {
			this.ended.completeExceptionally(cause);
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(cause);
			}
		}
	}

	/**
	 * A part S3 answered for.
	 *
	 * @param completed the part to list on completion, if it was stored
	 * @param failure the failure, if it was not
	 * @param size the size in bytes
	 */
	private record Settled(@Nullable CompletedPart completed, @Nullable Throwable failure, Part part) {

	}

}
