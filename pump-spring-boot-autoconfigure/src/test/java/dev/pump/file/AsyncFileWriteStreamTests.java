package dev.pump.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.Pump;
import dev.pump.PumpException;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AsyncFileWriteStream}.
 */
class AsyncFileWriteStreamTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	@TempDir
	Path directory;

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void pumpWritesEveryBufferInOrder() throws Exception {
		byte[] data = random(3_000_017);
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
				FileWriteOptions.defaults().forceOnEnd().deleteOnAbort());
		Pump pump = Pump.pump(DataBufferReadStream.of(chunks(data, 7919)), stream, 256 * 1024).start();
		StepVerifier.create(pump.completion()).expectNext((long) data.length).expectComplete().verify(TIMEOUT);
		assertThat(stream.isOpen()).isFalse();
		assertThat(stream.bytesWritten()).isEqualTo(data.length);
		assertThat(Files.readAllBytes(file())).isEqualTo(data);
	}

	@Test
	void truncatesExistingFile() throws Exception {
		Files.write(file(), random(1000));
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		stream.write(this.bufferFactory.wrap(new byte[] { 1, 2, 3 }));
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
		assertThat(Files.readAllBytes(file())).containsExactly(1, 2, 3);
	}

	@Test
	void appendKeepsExistingContentAndWritesAfterIt() throws Exception {
		Files.write(file(), new byte[] { 1, 2 });
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().append());
		stream.write(this.bufferFactory.wrap(new byte[] { 3, 4, 5 }));
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
		assertThat(stream.bytesWritten()).isEqualTo(3);
		assertThat(Files.readAllBytes(file())).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void queueIsCountedInBytesAndDrains() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		AtomicInteger drains = new AtomicInteger();
		stream.setWriteQueueMaxSize(1000).drainHandler(drains::incrementAndGet);
		stream.write(this.bufferFactory.wrap(random(1500)));
		assertThat(stream.writeQueueFull() || drains.get() == 1).isTrue();
		await().atMost(TIMEOUT).until(() -> drains.get() == 1);
		assertThat(stream.writeQueueSize()).isZero();
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
	}

	@Test
	void abortDeletesPartialFile() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		stream.write(this.bufferFactory.wrap(random(100)));
		stream.abort(new IllegalStateException("client went away"));
		await().atMost(TIMEOUT).until(() -> !Files.exists(file()));
		assertThat(stream.isOpen()).isFalse();
		assertThat(stream.end()).failsWithin(TIMEOUT);
	}

	@Test
	void abortLeavesPartialFileWhenAsked() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults());
		stream.write(this.bufferFactory.wrap(random(100)));
		stream.abort(new IllegalStateException("client went away"));
		assertThat(stream.end()).failsWithin(TIMEOUT);
		assertThat(stream.isOpen()).isFalse();
		assertThat(file()).exists();
		stream.write(this.bufferFactory.wrap(random(10)));
	}

	@Test
	void noSpaceLeftArrivesAsTheIOExceptionItself() throws Exception {
		Path full = Path.of("/dev/full");
		assumeThat(Files.isWritable(full)).isTrue();
		// Never delete on abort here: the "file" is a device.
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(full, FileWriteOptions.defaults());
		AtomicReference<Throwable> reported = new AtomicReference<>();
		stream.exceptionHandler(reported::set);
		stream.write(this.bufferFactory.wrap(random(100_000)));
		await().atMost(TIMEOUT).until(() -> reported.get() != null);
		assertThat(reported.get()).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
		assertThat(stream.isOpen()).isFalse();
		CompletableFuture<Void> ended = stream.end();
		assertThat(ended).failsWithin(TIMEOUT);
	}

	@Test
	void writeFailureFailsThePumpWithTheIOException() throws Exception {
		Path full = Path.of("/dev/full");
		assumeThat(Files.isWritable(full)).isTrue();
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(full, FileWriteOptions.defaults());
		Pump pump = Pump.pump(DataBufferReadStream.of(chunks(random(1_000_000), 8192)), stream).start();
		StepVerifier.create(pump.completion())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PumpException.class)
				.satisfies((pe) -> assertThat(((PumpException) pe).side()).isEqualTo(PumpException.Side.WRITE))
				.cause()
				.isInstanceOf(IOException.class))
			.verify(TIMEOUT);
	}

	@Test
	void observerSeesEveryByteInFileOrderOnTheWritingThread() throws Exception {
		byte[] data = random(2_000_003);
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		ByteArrayOutputStream observed = new ByteArrayOutputStream();
		Set<String> threads = ConcurrentHashMap.newKeySet();
		stream.writeObserver((bytes) -> {
			threads.add(Thread.currentThread().getName());
			byte[] copy = new byte[bytes.remaining()];
			bytes.get(copy);
			observed.write(copy, 0, copy.length);
		});
		Pump pump = Pump.pump(DataBufferReadStream.of(chunks(data, 4099)), stream).start();
		StepVerifier.create(pump.completion()).expectNext((long) data.length).expectComplete().verify(TIMEOUT);
		assertThat(observed.toByteArray()).isEqualTo(data);
		// The observer consumed its views: the file still has every byte.
		assertThat(Files.readAllBytes(file())).isEqualTo(data);
		assertThat(threads).allSatisfy((name) -> assertThat(name).startsWith("pump-file-writer-"));
	}

	@Test
	void givenWriterRunsTheWritesAndTheForceRunsOffIt() throws Exception {
		byte[] data = random(100_003);
		ExecutorService writer = Executors.newSingleThreadExecutor((task) -> new Thread(task, "custom-writer"));
		try {
			AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
					FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().writer(writer));
			Set<String> threads = ConcurrentHashMap.newKeySet();
			stream.writeObserver((bytes) -> threads.add(Thread.currentThread().getName()));
			stream.write(this.bufferFactory.wrap(data));
			stream.flush().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			// The writer is held until the end is asked for, so that the end cannot
			// complete
			// before the callback below is attached.
			CountDownLatch release = new CountDownLatch(1);
			writer.execute(() -> awaitQuietly(release));
			CompletableFuture<String> endedOn = stream.end().thenApply((ignored) -> Thread.currentThread().getName());
			release.countDown();
			assertThat(endedOn.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("pump-file-force");
			assertThat(threads).containsExactly("custom-writer");
			assertThat(Files.readAllBytes(file())).isEqualTo(data);
		}
		finally {
			writer.shutdownNow();
		}
	}

	@Test
	void streamsSharingAWriterTakeTurns() throws Exception {
		ExecutorService writer = Executors.newSingleThreadExecutor((task) -> new Thread(task, "shared-writer"));
		try {
			AsyncFileWriteStream big = AsyncFileWriteStream.open(file(),
					FileWriteOptions.defaults().deleteOnAbort().writer(writer));
			AsyncFileWriteStream small = AsyncFileWriteStream.open(this.directory.resolve("small.bin"),
					FileWriteOptions.defaults().deleteOnAbort().writer(writer));
			big.setWriteQueueMaxSize(Integer.MAX_VALUE);
			AtomicLong bigWrittenWhenSmallWrote = new AtomicLong(-1);
			small.writeObserver((bytes) -> bigWrittenWhenSmallWrote.set(big.bytesWritten()));
			// Both streams queue their buffers while the writer is held.
			CountDownLatch release = new CountDownLatch(1);
			writer.execute(() -> awaitQuietly(release));
			int buffers = 4 * AsyncFileWriteStream.MAX_GATHER;
			for (int i = 0; i < buffers; i++) {
				big.write(this.bufferFactory.wrap(new byte[1024]));
			}
			small.write(this.bufferFactory.wrap(new byte[10]));
			CompletableFuture<Void> bigEnded = big.end();
			CompletableFuture<Void> smallEnded = small.end();
			release.countDown();
			CompletableFuture.allOf(bigEnded, smallEnded).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			// The big stream wrote one batch, then the small one had its turn.
			assertThat(bigWrittenWhenSmallWrote.get()).isEqualTo(AsyncFileWriteStream.MAX_GATHER * 1024L);
			assertThat(Files.size(file())).isEqualTo(buffers * 1024L);
		}
		finally {
			writer.shutdownNow();
		}
	}

	// Repeated: the abort and the force race, and either may come first.
	@RepeatedTest(50)
	@Tag("slow")
	void abortDuringTheForceFailsTheEndAndDeletesTheFile() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
				FileWriteOptions.defaults().forceOnEnd().deleteOnAbort());
		stream.write(this.bufferFactory.wrap(random(4096)));
		CompletableFuture<Void> ended = stream.end();
		stream.abort(new IllegalStateException("cancelled"));
		// Either the force finished first (the file is complete and kept) or the abort
		// won (the end fails and the file is gone): never a failed end with a file left.
		// Polled often: fifty rounds of Awaitility's default 100 ms add up.
		await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(TIMEOUT).until(ended::isDone);
		if (ended.isCompletedExceptionally()) {
			await().pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(2))
				.atMost(TIMEOUT)
				.until(() -> Files.notExists(file()));
		}
		else {
			assertThat(Files.size(file())).isEqualTo(4096);
		}
		assertThat(stream.isOpen()).isFalse();
	}

	@Test
	void forcesInTheBackgroundWhileTheWritesGoOn() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
				FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().backgroundForceInterval(64 * 1024));
		byte[] first = random(256 * 1024);
		stream.write(this.bufferFactory.wrap(first));
		assertThat(stream.flush()).succeedsWithin(TIMEOUT);
		// Not ended yet: only a background force can have put these bytes on the device.
		await().atMost(TIMEOUT).until(() -> stream.bytesForced() == first.length);
		assertThat(stream.isOpen()).isTrue();
		stream.write(this.bufferFactory.wrap(new byte[] { 1, 2, 3 }));
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
		assertThat(stream.bytesForced()).isEqualTo(first.length + 3);
		assertThat(Files.size(file())).isEqualTo(first.length + 3);
	}

	@Test
	void forcesNothingWithoutForceOnEnd() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
				FileWriteOptions.defaults().deleteOnAbort().backgroundForceInterval(1024));
		byte[] data = random(256 * 1024);
		stream.write(this.bufferFactory.wrap(data));
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
		assertThat(stream.bytesForced()).isZero();
		assertThat(Files.readAllBytes(file())).isEqualTo(data);
	}

	@Test
	void backgroundForceIntervalCanBeTurnedOffNotMadeNegative() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
				FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().backgroundForceInterval(0));
		stream.write(this.bufferFactory.wrap(random(256 * 1024)));
		assertThat(stream.flush()).succeedsWithin(TIMEOUT);
		assertThat(stream.bytesForced()).isZero();
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
		assertThat(stream.bytesForced()).isEqualTo(256 * 1024);
		assertThatIllegalArgumentException().isThrownBy(() -> FileWriteOptions.defaults().backgroundForceInterval(-1));
	}

	// Repeated: the abort lands before, during or after a background force.
	@RepeatedTest(20)
	@Tag("slow")
	void abortDuringBackgroundForcesDeletesTheFileAndTheSharedWriterGoesOn() throws Exception {
		ExecutorService writer = Executors.newSingleThreadExecutor((task) -> new Thread(task, "shared-writer"));
		try {
			AsyncFileWriteStream aborted = AsyncFileWriteStream.open(file(),
					FileWriteOptions.defaults()
						.forceOnEnd()
						.deleteOnAbort()
						.backgroundForceInterval(16 * 1024)
						.writer(writer));
			AsyncFileWriteStream other = AsyncFileWriteStream.open(this.directory.resolve("other.bin"),
					FileWriteOptions.defaults().deleteOnAbort().writer(writer));
			for (int i = 0; i < 32; i++) {
				aborted.write(this.bufferFactory.wrap(random(16 * 1024)));
			}
			aborted.abort(new IllegalStateException("client went away"));
			other.write(this.bufferFactory.wrap(new byte[] { 42 }));
			assertThat(other.end()).succeedsWithin(TIMEOUT);
			assertThat(aborted.end()).failsWithin(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> Files.notExists(file()));
			assertThat(aborted.isOpen()).isFalse();
		}
		finally {
			writer.shutdownNow();
		}
	}

	@Test
	void writerThatRejectsFailsTheStreamAndReleasesTheQueue() throws Exception {
		ExecutorService writer = Executors.newSingleThreadExecutor();
		writer.shutdown();
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(),
				FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().writer(writer));
		AtomicReference<Throwable> reported = new AtomicReference<>();
		stream.exceptionHandler(reported::set);
		stream.write(this.bufferFactory.wrap(random(100)));
		assertThat(reported.get()).isInstanceOf(IOException.class).hasCauseInstanceOf(RejectedExecutionException.class);
		assertThat(stream.isOpen()).isFalse();
		stream.write(this.bufferFactory.wrap(random(100)));
		assertThat(stream.flush()).failsWithin(TIMEOUT);
		assertThat(stream.end()).failsWithin(TIMEOUT).withThrowableThat().havingCause().isSameAs(reported.get());
	}

	@Test
	void failingObserverFailsTheStreamAsAnIOError() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		AtomicReference<Throwable> reported = new AtomicReference<>();
		stream.exceptionHandler(reported::set).writeObserver((bytes) -> {
			throw new IllegalStateException("digest broke");
		});
		stream.write(this.bufferFactory.wrap(random(100)));
		await().atMost(TIMEOUT).until(() -> reported.get() != null);
		assertThat(reported.get()).isInstanceOf(IOException.class).cause().hasMessage("digest broke");
		assertThat(stream.end()).failsWithin(TIMEOUT);
	}

	@Test
	void flushCompletesOnceEarlierWritesAreInTheFile() throws Exception {
		AsyncFileWriteStream stream = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		byte[] first = random(300_000);
		stream.write(this.bufferFactory.wrap(first));
		assertThat(stream.flush()).succeedsWithin(TIMEOUT);
		assertThat(stream.bytesWritten()).isEqualTo(first.length);
		assertThat(Files.readAllBytes(file())).isEqualTo(first);
		stream.write(this.bufferFactory.wrap(new byte[] { 7 }));
		CompletableFuture<Void> flushed = stream.flush();
		CompletableFuture<Void> ended = stream.end();
		assertThat(flushed).succeedsWithin(TIMEOUT);
		assertThat(ended).succeedsWithin(TIMEOUT);
		assertThat(Files.size(file())).isEqualTo(first.length + 1);
		assertThat(stream.flush()).succeedsWithin(TIMEOUT);
	}

	@Test
	void flushFailsWithTheAbortOrTheWriteFailure() throws Exception {
		AsyncFileWriteStream aborted = AsyncFileWriteStream.open(file(), FileWriteOptions.defaults().deleteOnAbort());
		aborted.abort(new IllegalStateException("client went away"));
		assertThat(aborted.flush()).failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingCause()
			.withMessage("client went away");
		Path full = Path.of("/dev/full");
		assumeThat(Files.isWritable(full)).isTrue();
		AsyncFileWriteStream failing = AsyncFileWriteStream.open(full, FileWriteOptions.defaults());
		failing.write(this.bufferFactory.wrap(random(100_000)));
		assertThat(failing.flush()).failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IOException.class);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Flux<DataBuffer> chunks(byte[] data, int size) {
		return Flux.range(0, (data.length + size - 1) / size)
			.map((i) -> this.bufferFactory
				.wrap(Arrays.copyOfRange(data, i * size, Math.min(data.length, (i + 1) * size))));
	}

	private static byte[] random(int size) {
		byte[] data = new byte[size];
		ThreadLocalRandom.current().nextBytes(data);
		return data;
	}

	private Path file() {
		return this.directory.resolve("out.bin");
	}

}
