package dev.pump.demo.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.memory.InMemoryWriteStream;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ThrottledWriteStreamTests {

	private static final int KIB = 1024;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final TrackingDataBufferFactory buffers = new TrackingDataBufferFactory();

	private final InMemoryWriteStream<DataBuffer> inner = new InMemoryWriteStream<>(DataBufferUtils::release);

	private final List<DataBuffer> written = new ArrayList<>();

	private final List<ThrottledWriteStream> streams = new ArrayList<>();

	@AfterEach
	void releaseEverything() {
		this.streams.forEach((stream) -> stream.abort(new CancellationException("test over")));
		this.written.forEach(DataBufferUtils::release);
		this.buffers.awaitAllReleased(Duration.ofSeconds(5));
		this.scheduler.shutdownNow();
	}

	@Test
	void queueIsMeasuredInBytesAndFullAtTheMaximum() {
		ThrottledWriteStream stream = throttled(10 * KIB).setWriteQueueMaxSize(30 * KIB);
		stream.write(buffer(10 * KIB)).write(buffer(10 * KIB));
		assertThat(stream.writeQueueFull()).isFalse();
		// The first buffer may leave at once; the next ones wait a second each.
		stream.write(buffer(10 * KIB)).write(buffer(10 * KIB));
		assertThat(stream.writeQueueFull()).isTrue();
		assertThat(stream.writeQueueSize()).isEqualTo(40L * KIB);
	}

	@Test
	void buffersAreHandedOnNoFasterThanTheRate() {
		ThrottledWriteStream stream = throttled(10 * KIB).setWriteQueueMaxSize(1024 * KIB);
		for (int i = 0; i < 10; i++) {
			stream.write(buffer(10 * KIB));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.inner.writeQueueSize() > 0);
		// At 10 KiB/s, ten buffers of 10 KiB need nine more seconds.
		assertThat(this.inner.writeQueueSize()).isLessThan(100L * KIB);
	}

	@Test
	void drainHandlerIsCalledOnceTheQueueFallsToHalf() {
		ThrottledWriteStream stream = throttled(100 * KIB).setWriteQueueMaxSize(40 * KIB);
		AtomicInteger drains = new AtomicInteger();
		AtomicReference<Long> queuedAtDrain = new AtomicReference<>();
		stream.drainHandler(() -> {
			queuedAtDrain.set(stream.queuedHere());
			drains.incrementAndGet();
		});
		for (int i = 0; i < 5; i++) {
			stream.write(buffer(10 * KIB));
		}
		// At most the first buffer leaves at once; the next one waits 100 ms.
		assertThat(stream.writeQueueFull()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> drains.get() == 1);
		assertThat(queuedAtDrain.get()).isLessThanOrEqualTo(20L * KIB);
		// The inner queue (40 KiB maximum as well) fills up and holds the last buffer
		// back.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inner.writeQueueSize() == 40L * KIB);
		assertThat(drains).hasValue(1);
	}

	@Test
	void endCompletesOnceEverythingIsHandedOnAndTheInnerStreamEnded() {
		ThrottledWriteStream stream = throttled(1024 * KIB);
		stream.write(buffer(KIB)).write(buffer(KIB));
		CompletableFuture<Void> ended = stream.end();
		await().atMost(Duration.ofSeconds(10)).until(this.inner::isEnding);
		assertThat(this.inner.writeQueueSize()).isEqualTo(2L * KIB);
		assertThat(ended).isNotDone();
		this.written.addAll(this.inner.takeAll());
		await().atMost(Duration.ofSeconds(10)).until(ended::isDone);
		assertThat(ended).isCompleted();
	}

	@Test
	void abortReleasesTheQueueAndAbortsTheInnerStream() {
		ThrottledWriteStream stream = throttled(KIB);
		for (int i = 0; i < 5; i++) {
			stream.write(buffer(KIB));
		}
		CancellationException cause = new CancellationException("cancelled");
		stream.abort(cause);
		assertThat(stream.writeQueueSize()).isZero();
		assertThat(this.inner.abortCause()).isSameAs(cause);
		assertThat(stream.end()).isCompletedExceptionally();
	}

	@Test
	void innerFailureReachesTheExceptionHandlerAndReleasesTheQueue() {
		ThrottledWriteStream stream = throttled(KIB);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		stream.exceptionHandler(failure::set);
		for (int i = 0; i < 5; i++) {
			stream.write(buffer(KIB));
		}
		IllegalStateException disk = new IllegalStateException("disk");
		this.inner.fail(disk);
		assertThat(failure.get()).isSameAs(disk);
		assertThat(stream.queuedHere()).isZero();
	}

	@Test
	void lateWakeUpsAreMadeUpForSoTheRateHolds() {
		// Every timed wake-up comes 5 ms late, more than the 2 ms one buffer costs here.
		ScheduledExecutorService late = new LateScheduler(Duration.ofMillis(5));
		try {
			ThrottledWriteStream stream = new ThrottledWriteStream(this.inner, 1024 * KIB, late)
				.setWriteQueueMaxSize(4096 * KIB);
			this.streams.add(stream);
			long started = System.nanoTime();
			for (int i = 0; i < 512; i++) {
				stream.write(buffer(2 * KIB));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.inner.writeQueueSize() == 1024L * KIB);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			this.written.addAll(this.inner.takeAll());
			// One second at the rate (less the catch-up allowance); paying every late
			// wake-up would take 3.5 seconds.
			assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
		}
		finally {
			late.shutdownNow();
		}
	}

	@Test
	void writeAfterAbortIsReleased() {
		ThrottledWriteStream stream = throttled(KIB);
		stream.abort(new CancellationException());
		stream.write(buffer(KIB));
		this.buffers.assertAllReleased();
	}

	private ThrottledWriteStream throttled(long bytesPerSecond) {
		ThrottledWriteStream stream = new ThrottledWriteStream(this.inner, bytesPerSecond, this.scheduler);
		this.streams.add(stream);
		return stream;
	}

	private DataBuffer buffer(int size) {
		DataBuffer buffer = this.buffers.allocateBuffer(size);
		buffer.writePosition(size);
		return buffer;
	}

	/**
	 * A scheduler whose timed tasks run late, as on a busy machine.
	 */
	private static final class LateScheduler extends ScheduledThreadPoolExecutor {

		private final long lateNanos;

		LateScheduler(Duration late) {
			super(1);
			this.lateNanos = late.toNanos();
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			return super.schedule(command, unit.toNanos(delay) + this.lateNanos, TimeUnit.NANOSECONDS);
		}

	}

}
