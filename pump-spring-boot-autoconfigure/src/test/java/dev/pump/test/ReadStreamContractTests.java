package dev.pump.test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.ReadStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The protocol of {@link ReadStream} as tests that any implementation inherits, in the
 * spirit of the Reactive Streams TCK's {@code PublisherVerification}: a subclass says how
 * to make a stream of given bytes and how to read and release an item, and inherits one
 * test per rule of the protocol (order, pause and resume, detaching the handler, end and
 * failure delivered once, cancel releasing what the stream holds, handlers set from other
 * threads).
 *
 * <p>
 * Content is compared as bytes, so a stream may split or join items as a socket does.
 * Buffers for the content should come from {@link #bufferFactory}: after each test every
 * buffer it handed out must have been released (the test releases what its handler
 * receives, the stream what it still holds). Each test cancels its streams at the end.
 *
 * <p>
 * A stream that legitimately cannot meet a rule overrides the capability that describes
 * it ({@link #itemsDeliveredAfterPause()}, {@link #createFailingReadStream}) and says why
 * in a comment; the test that needs the capability is then reported as skipped with that
 * reason, never passed silently.
 *
 * @param <T> the type of items
 */
public abstract class ReadStreamContractTests<T> {

	/**
	 * Tracks every buffer a subclass allocates for its content; checked after each test.
	 */
	protected final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private final List<ReadStream<T>> streams = new CopyOnWriteArrayList<>();

	/**
	 * Create a stream that delivers the given bytes in order, then ends.
	 * @param chunks the content, in the items the source produces (a stream may deliver
	 * it in other items)
	 * @return the stream, with no handler yet
	 * @throws Exception if the stream cannot be created
	 */
	protected abstract ReadStream<T> createReadStream(List<byte[]> chunks) throws Exception;

	/**
	 * Create a stream that delivers the given bytes, then fails with {@code failure}.
	 * @param chunks the content delivered before the failure
	 * @param failure the failure of the source
	 * @return the stream, or empty if this kind of stream cannot be made to fail (say why
	 * in a comment)
	 * @throws Exception if the stream cannot be created
	 */
	protected abstract Optional<ReadStream<T>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure)
			throws Exception;

	/**
	 * Return the bytes of an item without releasing it.
	 * @param item an item the stream delivered
	 * @return its bytes
	 */
	protected abstract byte[] bytesOf(T item);

	/**
	 * Release an item the handler received; the handler owns it.
	 * @param item the item
	 */
	protected abstract void release(T item);

	/**
	 * Return how many items a stream may still deliver after {@code pause()} was called
	 * from within its handler. The protocol says none; override only for a stream that
	 * documents items in flight, and say why.
	 * @return the number of items, zero by default
	 */
	protected int itemsDeliveredAfterPause() {
		return 0;
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
	 * Check that the stream released everything it held. By default waits for every
	 * buffer of {@link #bufferFactory} to be released; override to check more (a closed
	 * channel, a released connection), calling this method.
	 */
	protected void assertResourcesReleased() {
		this.bufferFactory.awaitAllReleased(timeout());
	}

	/**
	 * Return the content the tests use: chunks of different sizes and bytes.
	 * @return the chunks
	 */
	protected List<byte[]> content() {
		List<byte[]> chunks = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			byte[] chunk = new byte[1000 + i * 37];
			for (int j = 0; j < chunk.length; j++) {
				chunk[j] = (byte) (i * 31 + j);
			}
			chunks.add(chunk);
		}
		return chunks;
	}

	@AfterEach
	final void cancelStreamsAndCheckReleased() {
		this.streams.forEach(ReadStream::cancel);
		assertResourcesReleased();
	}

	@Test
	void itemsAreDeliveredInOrder() throws Exception {
		Recorder recorder = new Recorder(stream(content()));
		recorder.attach();
		recorder.awaitEnd();
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	@Test
	void endIsDeliveredOnceAfterAllItems() throws Exception {
		Recorder recorder = new Recorder(stream(content()));
		recorder.attach();
		recorder.awaitEnd();
		await().during(quietPeriod()).atMost(timeout()).until(() -> recorder.ends.get() == 1);
		assertThat(recorder.bytesAtEnd).isEqualTo(concat(content()).length);
		assertThat(recorder.failures).isEmpty();
	}

	@Test
	void pauseStopsDelivery() throws Exception {
		Recorder recorder = new Recorder(stream(content()));
		recorder.pauseAfterEachItem = true;
		recorder.attach();
		await().atMost(timeout()).until(() -> recorder.items.get() >= 1);
		int allowed = 1 + itemsDeliveredAfterPause();
		await().during(quietPeriod()).atMost(timeout()).until(() -> recorder.items.get() <= allowed);
		assertThat(recorder.ends).hasValue(0);
	}

	@Test
	void pausedStreamDeliversNothingUntilResumed() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		stream.pause();
		recorder.attach();
		await().during(quietPeriod()).atMost(timeout()).until(() -> recorder.items.get() == 0);
		assertThat(recorder.ends).hasValue(0);
		stream.resume();
		recorder.awaitEnd();
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	@Test
	void resumeContinuesWithoutLossOrDuplication() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		recorder.pauseAfterEachItem = true;
		recorder.attach();
		for (int resumed = 0; recorder.ends.get() == 0; resumed++) {
			int seen = resumed + 1;
			await().atMost(timeout()).until(() -> recorder.items.get() >= seen || recorder.ends.get() > 0);
			stream.resume();
		}
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	@Test
	void detachedHandlerLosesNothing() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		recorder.detachAfterFirstItem = true;
		recorder.attach();
		await().atMost(timeout()).until(() -> recorder.items.get() >= 1);
		await().during(quietPeriod()).atMost(timeout()).until(() -> recorder.items.get() == 1);
		recorder.detachAfterFirstItem = false;
		stream.handler(recorder::onItem);
		recorder.awaitEnd();
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	@Test
	void exceptionIsDeliveredOnceAfterTheItems() throws Exception {
		RuntimeException failure = new IllegalStateException("source failed on purpose");
		Optional<ReadStream<T>> failing = createFailingReadStream(content(), failure);
		assumeTrue(failing.isPresent(), "this stream cannot be made to fail (see its createFailingReadStream)");
		this.streams.add(failing.get());
		Recorder recorder = new Recorder(failing.get());
		recorder.attach();
		await().atMost(timeout()).until(() -> !recorder.failures.isEmpty());
		await().during(quietPeriod()).atMost(timeout()).until(() -> recorder.failures.size() == 1);
		assertThat(recorder.failures.peek()).satisfiesAnyOf((error) -> assertThat(error).isSameAs(failure),
				(error) -> assertThat(error).hasRootCauseMessage(failure.getMessage()));
		assertThat(recorder.ends).hasValue(0);
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	@Test
	void cancelReleasesWhatTheStreamHolds() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		recorder.pauseAfterEachItem = true;
		recorder.attach();
		await().atMost(timeout()).until(() -> recorder.items.get() >= 1);
		stream.cancel();
		assertResourcesReleased();
	}

	@Test
	void noHandlerIsCalledAfterCancel() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		recorder.pauseAfterEachItem = true;
		recorder.attach();
		await().atMost(timeout()).until(() -> recorder.items.get() >= 1);
		stream.cancel();
		int delivered = recorder.items.get();
		stream.resume();
		await().during(quietPeriod())
			.atMost(timeout())
			.until(() -> recorder.items.get() == delivered && recorder.ends.get() == 0 && recorder.failures.isEmpty());
	}

	@Test
	void cancelIsIdempotent() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		stream.pause();
		recorder.attach();
		stream.cancel();
		stream.cancel();
		assertResourcesReleased();
		assertThat(recorder.ends).hasValue(0);
	}

	@Test
	void handlersSetFromAnotherThreadWork() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		CompletableFuture.runAsync(recorder::attach).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		recorder.awaitEnd();
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	@Test
	void resumeFromAnotherThreadContinuesDelivery() throws Exception {
		ReadStream<T> stream = stream(content());
		Recorder recorder = new Recorder(stream);
		recorder.pauseAfterEachItem = true;
		recorder.resumeOnAnotherThread = true;
		recorder.attach();
		recorder.awaitEnd();
		assertSameBytes(recorder.bytes(), concat(content()));
	}

	private ReadStream<T> stream(List<byte[]> chunks) throws Exception {
		ReadStream<T> stream = createReadStream(chunks);
		this.streams.add(stream);
		return stream;
	}

	private static void assertSameBytes(byte[] actual, byte[] expected) {
		assertThat(actual.length).as("bytes delivered").isEqualTo(expected.length);
		assertThat(Arrays.mismatch(actual, expected)).as("index of the first wrong byte delivered").isEqualTo(-1);
	}

	private static byte[] concat(List<byte[]> chunks) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		chunks.forEach(out::writeBytes);
		return out.toByteArray();
	}

	/**
	 * Records what a stream delivers, releasing each item at once, and checks that no two
	 * events overlap.
	 */
	private final class Recorder {

		private final ReadStream<T> stream;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private final AtomicInteger items = new AtomicInteger();

		private final AtomicInteger ends = new AtomicInteger();

		private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

		private final AtomicInteger inside = new AtomicInteger();

		private volatile int bytesAtEnd = -1;

		private volatile boolean pauseAfterEachItem;

		private volatile boolean detachAfterFirstItem;

		private volatile boolean resumeOnAnotherThread;

		private volatile @Nullable AssertionError overlap;

		Recorder(ReadStream<T> stream) {
			this.stream = stream;
		}

		void attach() {
			this.stream.endHandler(this::onEnd).exceptionHandler(this::onFailure);
			this.stream.handler(this::onItem);
		}

		void onItem(T item) {
			enter();
			try {
				byte[] bytes;
				try {
					bytes = bytesOf(item);
				}
				finally {
					release(item);
				}
				synchronized (this.received) {
					this.received.writeBytes(bytes);
				}
				this.items.incrementAndGet();
				if (this.detachAfterFirstItem) {
					this.stream.handler(null);
				}
				if (this.pauseAfterEachItem) {
					this.stream.pause();
					if (this.resumeOnAnotherThread) {
						CompletableFuture.runAsync(this.stream::resume);
					}
				}
			}
			finally {
				leave();
			}
		}

		void onEnd() {
			enter();
			this.bytesAtEnd = bytes().length;
			this.ends.incrementAndGet();
			leave();
		}

		void onFailure(Throwable failure) {
			enter();
			this.failures.add(failure);
			leave();
		}

		void awaitEnd() {
			await().atMost(timeout()).until(() -> this.ends.get() > 0 || !this.failures.isEmpty());
			assertThat(this.failures).isEmpty();
			assertNoOverlap();
		}

		byte[] bytes() {
			synchronized (this.received) {
				return this.received.toByteArray();
			}
		}

		private void enter() {
			if (this.inside.incrementAndGet() != 1 && this.overlap == null) {
				this.overlap = new AssertionError("Two events of the stream were delivered at once");
			}
		}

		private void leave() {
			this.inside.decrementAndGet();
		}

		private void assertNoOverlap() {
			AssertionError error = this.overlap;
			if (error != null) {
				throw error;
			}
		}

	}

}
