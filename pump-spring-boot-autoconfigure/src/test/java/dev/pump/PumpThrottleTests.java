package dev.pump;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how a {@link PumpThrottle} holds the read side of a pump.
 */
class PumpThrottleTests {

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	@Test
	void throttleIsAskedOncePerBudgetWithTheBytesSpent() {
		List<Long> reports = new ArrayList<>();
		Pump pump = Pump.pump(this.source, this.destination, PumpObserver.NONE, (bytes, resume) -> {
			reports.add(bytes);
			return 25;
		}).start();
		for (int i = 0; i < 6; i++) {
			this.source.push(new byte[10]);
		}
		// The last 20 bytes are within the second budget: not reported yet.
		assertThat(reports).containsExactly(10L, 30L);
		assertThat(pump.bytesPumped()).isEqualTo(60);
	}

	@Test
	void noBudgetPausesReadStreamUntilResume() {
		AtomicReference<Runnable> resume = new AtomicReference<>();
		Pump pump = Pump.pump(this.source, this.destination, PumpObserver.NONE, (bytes, lift) -> {
			resume.set(lift);
			return 0;
		}).start();
		this.source.push(new byte[10]).push(new byte[10]);
		assertThat(this.source.isPaused()).isTrue();
		assertThat(this.source.pendingCount()).isEqualTo(1);
		assertThat(pump.isPaused()).as("not paused by the write queue").isFalse();
		resume.get().run();
		assertThat(this.source.pendingCount()).isZero();
		assertThat(pump.bytesPumped()).isEqualTo(20);
	}

	@Test
	void resumeRunBeforeHoldLeavesNothingPaused() {
		Pump pump = Pump.pump(this.source, this.destination, PumpObserver.NONE, (bytes, resume) -> {
			resume.run();
			return 0;
		}).start();
		this.source.push(new byte[10]).push(new byte[10]).end();
		assertThat(this.source.isPaused()).isFalse();
		assertThat(this.destination.takeAll()).hasSize(2);
		StepVerifier.create(pump.completion()).expectNext(20L).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void drainDoesNotResumeWhileThrottleHolds() {
		AtomicReference<Runnable> resume = new AtomicReference<>();
		this.destination.setWriteQueueMaxSize(10);
		Pump pump = Pump.pump(this.source, this.destination, PumpObserver.NONE, (bytes, lift) -> {
			if (resume.get() != null) {
				return Long.MAX_VALUE;
			}
			resume.set(lift);
			return 0;
		}).start();
		this.source.push(new byte[10]).push(new byte[10]);
		assertThat(pump.isPaused()).isTrue();
		this.destination.takeAll();
		assertThat(pump.isPaused()).isFalse();
		assertThat(this.source.isPaused()).as("the throttle still holds it").isTrue();
		resume.get().run();
		assertThat(this.source.pendingCount()).isZero();
		assertThat(this.source.resumeCount()).isEqualTo(1);
	}

	@Test
	void cancelledPumpIgnoresLateResume() {
		AtomicReference<Runnable> resume = new AtomicReference<>();
		Pump pump = Pump.pump(this.source, this.destination, PumpObserver.NONE, (bytes, lift) -> {
			resume.set(lift);
			return 0;
		}).start();
		this.source.push(new byte[10]);
		pump.cancel();
		int resumes = this.source.resumeCount();
		resume.get().run();
		assertThat(this.source.resumeCount()).isEqualTo(resumes);
	}

}
