package dev.pump;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data and drain race on two threads: a producer pushes items while a consumer drains the
 * write queue, so pauses and resumes cross threads hundreds of thousands of times.
 */
class PumpConcurrencyTests {

	private static final int ITEMS = 200_000;

	/**
	 * The consumer stalls this often until the pump pauses the source, so pauses surely
	 * happen.
	 */
	private static final int STALL_EVERY = 25_000;

	@ParameterizedTest
	@ValueSource(ints = { 16, 100, 4096 })
	void everyItemArrivesOnceInOrderWithExactByteCount(int writeQueueMaxSize) throws InterruptedException {
		InMemoryReadStream<ByteBuffer> source = new InMemoryReadStream<>();
		InMemoryWriteStream<ByteBuffer> destination = new InMemoryWriteStream<>();
		Pump pump = Pump.pump(source, destination, writeQueueMaxSize).start();
		assertEverythingArrives(pump, source, destination);
	}

	@ParameterizedTest
	@ValueSource(ints = { 16, 100 })
	@Tag("slow")
	void drainRacingWithASlowPauseIsNeverMissed(int writeQueueMaxSize) throws InterruptedException {
		InMemoryReadStream<ByteBuffer> source = new InMemoryReadStream<>();
		InMemoryWriteStream<ByteBuffer> destination = new InMemoryWriteStream<>();
		Pump pump = Pump.pump(new SlowPauseReadStream<>(source), destination, writeQueueMaxSize).start();
		assertEverythingArrives(pump, source, destination);
	}

	private void assertEverythingArrives(Pump pump, InMemoryReadStream<ByteBuffer> source,
			InMemoryWriteStream<ByteBuffer> destination) throws InterruptedException {
		long expectedBytes = produceAndConsume(source, destination);
		StepVerifier.create(pump.completion())
			.expectNext(expectedBytes)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		assertThat(pump.bytesPumped()).isEqualTo(expectedBytes);
		assertThat(pump.isPaused()).isFalse();
		assertThat(source.pauseCount()).isPositive();
	}

	private long produceAndConsume(InMemoryReadStream<ByteBuffer> source, InMemoryWriteStream<ByteBuffer> destination)
			throws InterruptedException {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicLong expectedBytes = new AtomicLong();
		Thread producer = new Thread(() -> {
			for (int i = 0; i < ITEMS; i++) {
				ByteBuffer item = ByteBuffer.allocate(8 + (i % 7));
				item.putLong(0, i);
				expectedBytes.addAndGet(item.remaining());
				source.push(item);
			}
			source.end();
		}, "producer");
		Thread consumer = new Thread(() -> consume(source, destination, failure), "consumer");
		producer.start();
		consumer.start();
		producer.join(60_000);
		consumer.join(60_000);
		assertThat(failure.get()).isNull();
		assertThat(producer.isAlive() || consumer.isAlive()).as("threads finished").isFalse();
		return expectedBytes.get();
	}

	private void consume(InMemoryReadStream<ByteBuffer> source, InMemoryWriteStream<ByteBuffer> destination,
			AtomicReference<Throwable> failure) {
		long next = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (next < ITEMS && System.nanoTime() < deadline) {
			ByteBuffer item = destination.take();
			if (item == null) {
				Thread.onSpinWait();
				continue;
			}
			long index = item.getLong(0);
			if (index != next) {
				failure.compareAndSet(null, new AssertionError("expected item " + next + " but got " + index));
				return;
			}
			next++;
			if (next % STALL_EVERY == 0 && next < ITEMS) {
				stallUntilPaused(source, deadline);
			}
		}
		if (next != ITEMS) {
			failure.compareAndSet(null, new AssertionError("only " + next + " items arrived"));
		}
	}

	// A consumer that always keeps up (a fast core, a slow producer) would never let the
	// pump pause; stalling until it pauses makes the pause/resume path certain. (Waiting
	// for a full queue instead could wait forever: paused, between half and full.)
	private void stallUntilPaused(InMemoryReadStream<ByteBuffer> source, long deadline) {
		while (!source.isPaused() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
	}

}
