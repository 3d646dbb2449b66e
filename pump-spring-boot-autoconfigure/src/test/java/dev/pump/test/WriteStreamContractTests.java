package dev.pump.test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The protocol of {@link WriteStream} as tests that any implementation inherits, in the
 * spirit of the Reactive Streams TCK's {@code SubscriberVerification}: a subclass says
 * how to make a stream, an item of given bytes, how to let its destination take what is
 * queued and how to read back the destination's output, and inherits one test per rule of
 * the protocol (ownership of written items, a queue measured in bytes, the drain at half,
 * {@code end()} after everything is out, {@code abort} releasing and undoing, exception
 * handler at most once, handlers on other threads).
 *
 * <p>
 * Each test creates one stream with {@link #createWriteStream()}. Its destination is
 * <em>held</em> at first (takes nothing from the queue) if the stream
 * {@link #supportsHeldDestination() supports it}, and takes what is queued from
 * {@link #startDestination()} on; the tests start it after an abort too, since a stream
 * may do its closing work on the destination's thread (a file's writer). Items should
 * come from {@link #bufferFactory}: after each test every buffer it handed out must have
 * been released, by the stream or by the destination that took it.
 *
 * <p>
 * A stream that legitimately cannot meet a rule overrides the capability that describes
 * it and says why in a comment; the tests that need it are then reported as skipped with
 * that reason, never passed silently.
 *
 * @param <T> the type of items
 */
public abstract class WriteStreamContractTests<T> {

	/**
	 * Tracks every buffer a subclass allocates for items; checked after each test.
	 */
	protected final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private @Nullable WriteStream<T> stream;

	private @Nullable CompletableFuture<Void> ended;

	private int nextItem;

	private boolean destinationStarted;

	/**
	 * Create the stream of one test; a test calls it once. Its destination is held until
	 * {@link #startDestination()} if {@link #supportsHeldDestination()}.
	 * @return the stream
	 * @throws Exception if the stream cannot be created
	 */
	protected abstract WriteStream<T> createWriteStream() throws Exception;

	/**
	 * Create an item of the given bytes, owned by the caller until written.
	 * @param bytes the content
	 * @return the item
	 */
	protected abstract T createItem(byte[] bytes);

	/**
	 * Let the destination of the stream take what is queued, now and from then on.
	 * @throws Exception if the destination cannot be started
	 */
	protected abstract void startDestination() throws Exception;

	/**
	 * Return the complete output the destination holds now: what a reader of the
	 * destination would take as a whole (a file, an object, a body that completed).
	 * @return the bytes, or empty if there is no complete output (none yet, or undone)
	 * @throws Exception if the output cannot be read
	 */
	protected abstract Optional<byte[]> output() throws Exception;

	/**
	 * Make the destination fail, as an I/O error or a peer that goes away would. The
	 * tests write again after it, so a stream may notice the failure on its next write.
	 * @return {@code false} if this kind of destination cannot be made to fail (say why
	 * in a comment)
	 * @throws Exception if the failure cannot be caused
	 */
	protected abstract boolean failDestination() throws Exception;

	/**
	 * Stop what the subclass started for the destination (threads, servers); called at
	 * the very end of each test, after the stream was aborted if unfinished and its
	 * resources checked. Does nothing by default.
	 * @throws Exception if stopping fails
	 */
	protected void stopDestination() throws Exception {
	}

	/**
	 * Whether the destination can be held so that it takes nothing from the queue until
	 * {@link #startDestination()}. Override to return {@code false} for a destination
	 * that takes what it can at once (a socket), and say why.
	 * @return {@code true} by default
	 */
	protected boolean supportsHeldDestination() {
		return true;
	}

	/**
	 * Return how many bytes a held destination may still take off the queue (an inner
	 * stream's own queue, a prefetch).
	 * @return the bytes, zero by default
	 */
	protected long heldDestinationBytes() {
		return 0;
	}

	/**
	 * Return the maximum size of the write queue the tests set.
	 * @return the size in bytes, 16 KiB by default
	 */
	protected int writeQueueMaxSize() {
		return 16 * 1024;
	}

	/**
	 * Return the maximum the stream really uses when asked for {@code requested}: a
	 * stream may raise a maximum it cannot work with (say why).
	 * @param requested the maximum set with {@code setWriteQueueMaxSize}
	 * @return the maximum in effect, {@code requested} by default
	 */
	protected int effectiveWriteQueueMaxSize(int requested) {
		return requested;
	}

	/**
	 * Whether {@code abort} undoes output already made (deletes a partial file, aborts an
	 * upload, resets a connection). Override to return {@code false} for a destination
	 * that cannot take output back, and say why.
	 * @return {@code true} by default
	 */
	protected boolean abortUndoesOutput() {
		return true;
	}

	/**
	 * Return the bytes in the queue as the drain rule counts them. By default what a
	 * stream that implements {@link WriteQueueSize} reports; override for a stream that
	 * reports more than the queue of the rule (say what).
	 * @param stream the stream
	 * @return the bytes, or empty if the stream does not tell (then the drain is checked
	 * by its count only)
	 */
	protected OptionalLong queuedBytes(WriteStream<T> stream) {
		return (stream instanceof WriteQueueSize size) ? OptionalLong.of(size.writeQueueSize()) : OptionalLong.empty();
	}

	/**
	 * Return how long a test waits for an event before it fails.
	 * @return the timeout, five seconds by default
	 */
	protected Duration timeout() {
		return Duration.ofSeconds(5);
	}

	/**
	 * Return how long a test watches that something does not happen.
	 * @return the period, 200 milliseconds by default
	 */
	protected Duration quietPeriod() {
		return Duration.ofMillis(200);
	}

	/**
	 * Check that the stream and its destination released everything. By default waits for
	 * every buffer of {@link #bufferFactory} to be released; override to check more,
	 * calling this method.
	 */
	protected void assertResourcesReleased() {
		this.bufferFactory.awaitAllReleased(timeout());
	}

	@AfterEach
	final void abortUnfinishedStreamAndCheckReleased() throws Exception {
		WriteStream<T> current = this.stream;
		CompletableFuture<Void> end = this.ended;
		if (current != null && (end == null || !end.isDone() || end.isCompletedExceptionally())) {
			current.abort(new CancellationException("test over"));
			startDestinationOnce();
		}
		try {
			assertResourcesReleased();
		}
		finally {
			stopDestination();
		}
	}

	@Test
	void writtenItemsReachTheDestinationInOrder() throws Exception {
		WriteStream<T> stream = stream();
		startDestinationOnce();
		byte[] written = write(stream, 8, 1000);
		end(stream).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		assertSameBytes(output(), written);
	}

	@Test
	void endCompletesOnlyOnceTheDestinationHasEverything() throws Exception {
		assumeHeldDestination();
		WriteStream<T> stream = stream();
		byte[] written = write(stream, 4, 1000);
		CompletableFuture<Void> end = end(stream);
		await().during(quietPeriod()).atMost(timeout()).until(() -> !end.isDone());
		startDestinationOnce();
		end.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		assertSameBytes(output(), written);
	}

	@Test
	void writeQueueIsFullOnceQueuedBytesReachTheMaximum() throws Exception {
		assumeHeldDestination();
		WriteStream<T> stream = stream().setWriteQueueMaxSize(writeQueueMaxSize());
		int max = effectiveWriteQueueMaxSize(writeQueueMaxSize());
		int itemSize = max / 4;
		long bytesWhenFull = fill(stream, itemSize, max);
		assertThat(bytesWhenFull).as("bytes written when the queue first was full")
			.isBetween((long) max, max + heldDestinationBytes() + itemSize - 1);
	}

	@Test
	void drainHandlerIsCalledOnceTheQueueFallsToHalf() throws Exception {
		assumeHeldDestination();
		WriteStream<T> stream = stream().setWriteQueueMaxSize(writeQueueMaxSize());
		int max = effectiveWriteQueueMaxSize(writeQueueMaxSize());
		Queue<OptionalLong> queuedAtDrain = new ConcurrentLinkedQueue<>();
		stream.drainHandler(() -> queuedAtDrain.add(queuedBytes(stream)));
		fill(stream, max / 4, max);
		assertThat(queuedAtDrain).isEmpty();
		startDestinationOnce();
		await().atMost(timeout()).until(() -> !queuedAtDrain.isEmpty());
		await().during(quietPeriod()).atMost(timeout()).until(() -> queuedAtDrain.size() == 1);
		queuedAtDrain.peek()
			.ifPresent((queued) -> assertThat(queued).as("queued bytes when the drain handler ran")
				.isLessThanOrEqualTo(max / 2));
		end(stream).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Test
	void drainHandlerIsNotCalledUnlessTheQueueWasFull() throws Exception {
		WriteStream<T> stream = stream().setWriteQueueMaxSize(writeQueueMaxSize());
		int max = effectiveWriteQueueMaxSize(writeQueueMaxSize());
		AtomicInteger drains = new AtomicInteger();
		stream.drainHandler(drains::incrementAndGet);
		startDestinationOnce();
		write(stream, 3, max / 4);
		end(stream).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		assertThat(drains).hasValue(0);
	}

	@Test
	void drainHandlerSetFromAnotherThreadIsCalled() throws Exception {
		assumeHeldDestination();
		WriteStream<T> stream = stream().setWriteQueueMaxSize(writeQueueMaxSize());
		int max = effectiveWriteQueueMaxSize(writeQueueMaxSize());
		AtomicInteger drains = new AtomicInteger();
		CompletableFuture.runAsync(() -> stream.drainHandler(drains::incrementAndGet))
			.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		fill(stream, max / 4, max);
		CompletableFuture.runAsync(this::startDestinationUnchecked).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		await().atMost(timeout()).until(() -> drains.get() == 1);
	}

	@Test
	void abortReleasesTheQueue() throws Exception {
		WriteStream<T> stream = stream();
		write(stream, 8, 1000);
		stream.abort(new IllegalStateException("aborted on purpose"));
		startDestinationOnce();
		assertResourcesReleased();
	}

	@Test
	void abortUndoesPartialOutput() throws Exception {
		assumeTrue(abortUndoesOutput(), "this destination cannot take output back (see abortUndoesOutput)");
		WriteStream<T> stream = stream();
		startDestinationOnce();
		write(stream, 8, 1000);
		stream.abort(new IllegalStateException("aborted on purpose"));
		await().atMost(timeout()).until(() -> output().isEmpty());
		await().during(quietPeriod()).atMost(timeout()).until(() -> output().isEmpty());
	}

	@Test
	void endFailsAfterAbort() throws Exception {
		WriteStream<T> stream = stream();
		write(stream, 2, 1000);
		stream.abort(new IllegalStateException("aborted on purpose"));
		startDestinationOnce();
		CompletableFuture<Void> end = end(stream);
		await().atMost(timeout()).until(end::isDone);
		assertThat(end).isCompletedExceptionally();
	}

	@Test
	void writesAndEndAfterAbortDoNotLeak() throws Exception {
		WriteStream<T> stream = stream();
		stream.abort(new IllegalStateException("aborted on purpose"));
		startDestinationOnce();
		writeIgnoringRejection(stream, 4, 1000);
		await().atMost(timeout()).until(end(stream)::isDone);
		assertResourcesReleased();
	}

	@Test
	void abortIsIdempotent() throws Exception {
		WriteStream<T> stream = stream();
		write(stream, 2, 1000);
		stream.abort(new IllegalStateException("aborted on purpose"));
		startDestinationOnce();
		stream.abort(new IllegalStateException("aborted twice"));
		assertResourcesReleased();
	}

	@Test
	void exceptionHandlerIsCalledOnceWhenTheDestinationFails() throws Exception {
		WriteStream<T> stream = stream();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		stream.exceptionHandler(failures::add);
		startDestinationOnce();
		write(stream, 2, 1000);
		assumeTrue(failDestination(), "this destination cannot be made to fail (see failDestination)");
		writeIgnoringRejection(stream, 2, 1000);
		CompletableFuture<Void> end = end(stream);
		await().atMost(timeout()).until(() -> !failures.isEmpty() && end.isDone());
		assertThat(end).isCompletedExceptionally();
		await().during(quietPeriod()).atMost(timeout()).until(() -> failures.size() == 1);
	}

	@Test
	void exceptionHandlerSetFromAnotherThreadIsCalledForAFailureOnAnotherThread() throws Exception {
		WriteStream<T> stream = stream();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		CompletableFuture.runAsync(() -> stream.exceptionHandler(failures::add))
			.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		startDestinationOnce();
		write(stream, 2, 1000);
		boolean failed = CompletableFuture.supplyAsync(this::failDestinationUnchecked)
			.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		assumeTrue(failed, "this destination cannot be made to fail (see failDestination)");
		writeIgnoringRejection(stream, 2, 1000);
		await().atMost(timeout()).until(() -> failures.size() == 1);
	}

	private static void assertSameBytes(Optional<byte[]> output, byte[] expected) {
		assertThat(output).as("complete output").isPresent();
		byte[] actual = output.get();
		assertThat(actual.length).as("bytes of the output").isEqualTo(expected.length);
		assertThat(Arrays.mismatch(actual, expected)).as("index of the first wrong byte of the output").isEqualTo(-1);
	}

	private WriteStream<T> stream() throws Exception {
		assertThat(this.stream).as("one stream per test").isNull();
		WriteStream<T> created = createWriteStream();
		this.stream = created;
		return created;
	}

	private CompletableFuture<Void> end(WriteStream<T> stream) {
		CompletableFuture<Void> end = stream.end();
		this.ended = end;
		return end;
	}

	private void assumeHeldDestination() {
		assumeTrue(supportsHeldDestination(),
				"the destination of this stream cannot be held (see supportsHeldDestination)");
	}

	// Writes items until the queue is full; returns the bytes written by then.
	private long fill(WriteStream<T> stream, int itemSize, int max) {
		long limit = max + heldDestinationBytes() + itemSize;
		long bytes = 0;
		while (!stream.writeQueueFull() && bytes < limit) {
			stream.write(createItem(bytes(itemSize)));
			bytes += itemSize;
		}
		assertThat(stream.writeQueueFull()).as("queue full after %d bytes", bytes).isTrue();
		return bytes;
	}

	private byte[] write(WriteStream<T> stream, int count, int size) {
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			byte[] bytes = bytes(size + i * 13);
			written.writeBytes(bytes);
			stream.write(createItem(bytes));
		}
		return written.toByteArray();
	}

	private void writeIgnoringRejection(WriteStream<T> stream, int count, int size) {
		for (int i = 0; i < count; i++) {
			try {
				stream.write(createItem(bytes(size)));
			}
			catch (RuntimeException ex) {
				// The protocol allows write to throw once the stream is closed; the item
				// belongs to the stream all the same.
			}
		}
	}

	private byte[] bytes(int size) {
		int item = this.nextItem++;
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (item * 7 + i);
		}
		return bytes;
	}

	private void startDestinationOnce() throws Exception {
		if (!this.destinationStarted) {
			this.destinationStarted = true;
			startDestination();
		}
	}

	private void startDestinationUnchecked() {
		try {
			startDestinationOnce();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean failDestinationUnchecked() {
		try {
			return failDestination();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
