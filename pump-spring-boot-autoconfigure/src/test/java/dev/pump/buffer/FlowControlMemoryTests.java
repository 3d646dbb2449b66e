package dev.pump.buffer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pump.Pump;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control is real: a fast producer pumped into a destination that takes about 1 MiB
 * per second never holds more than the write queue maximum plus one batch in memory (and
 * the one buffer a full queue takes), measured by the adapters' own counters and by the
 * buffers alive while the transfer runs.
 */
class FlowControlMemoryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int CHUNK = 8 * 1024;

	private static final int CHUNKS = 192;

	private static final int BATCH = 8;

	private static final int WRITE_QUEUE_MAX = 64 * 1024;

	// The write queue takes one more item after it is full; the read side holds a batch;
	// sampling two counters may count once more an item moving from one to the other.
	private static final long BOUND = WRITE_QUEUE_MAX + 2L * CHUNK + (long) BATCH * CHUNK;

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	@Tag("slow")
	void memoryStaysWithinWriteQueueAndOneBatchWithSlowDestination() throws Exception {
		Flux<DataBuffer> fast = Flux.range(0, CHUNKS)
			.map((i) -> this.bufferFactory.allocateBuffer(CHUNK).write(new byte[CHUNK]));
		DataBufferReadStream source = DataBufferReadStream.of(fast, BATCH);
		DataBufferWriteStream destination = DataBufferWriteStream.create();
		SlowSubscriber slow = new SlowSubscriber();
		destination.subscribe(slow);
		Pump pump = Pump.pump(source, destination, WRITE_QUEUE_MAX).start();
		AtomicLong maxHeld = new AtomicLong();
		AtomicLong maxAlive = new AtomicLong();
		boolean paused = false;
		while (!slow.done.isDone()) {
			maxHeld.accumulateAndGet(source.heldBytes() + destination.writeQueueSize(), Math::max);
			// The slow destination may hold the one buffer it is consuming.
			maxAlive.accumulateAndGet(this.bufferFactory.unreleasedBytes() - CHUNK, Math::max);
			paused |= pump.isPaused();
			Thread.sleep(1);
		}
		StepVerifier.create(pump.completion()).expectNext((long) CHUNKS * CHUNK).expectComplete().verify(TIMEOUT);
		assertThat(slow.consumed).hasValue((long) CHUNKS * CHUNK);
		assertThat(paused).as("flow control paused the producer").isTrue();
		assertThat(maxHeld.get()).isPositive().isLessThanOrEqualTo(BOUND);
		assertThat(maxAlive.get()).isLessThanOrEqualTo(BOUND);
	}

	/**
	 * Takes one buffer every 8 ms: about 1 MiB per second.
	 */
	private static final class SlowSubscriber extends BaseSubscriber<DataBuffer> {

		private final AtomicLong consumed = new AtomicLong();

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			request(1);
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			this.consumed.addAndGet(buffer.readableByteCount());
			Schedulers.parallel().schedule(() -> {
				DataBufferUtils.release(buffer);
				request(1);
			}, 8, TimeUnit.MILLISECONDS);
		}

		@Override
		protected void hookOnComplete() {
			this.done.complete(null);
		}

		@Override
		protected void hookOnError(Throwable failure) {
			this.done.completeExceptionally(failure);
		}

	}

}
