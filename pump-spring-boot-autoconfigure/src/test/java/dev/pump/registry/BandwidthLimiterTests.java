package dev.pump.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BandwidthLimiter} and the throttle it gives each pump.
 */
class BandwidthLimiterTests {

	private static final int BURST = 256 * 1024;

	private static final Runnable NO_RESUME = () -> {
	};

	@Test
	void unlimitedPumpGetsOneMebibyteBudgets() {
		PumpBandwidth bandwidth = BandwidthLimiter.unlimited(BURST).forPump("upload");
		assertThat(bandwidth.acquire(10, NO_RESUME)).isEqualTo(PumpBandwidth.UNLIMITED_BUDGET);
		assertThat(bandwidth.acquire(PumpBandwidth.UNLIMITED_BUDGET, NO_RESUME))
			.isEqualTo(PumpBandwidth.UNLIMITED_BUDGET);
		assertThat(bandwidth.bytesPerSecond()).isZero();
	}

	@Test
	void limitSetWhileUnlimitedChargesOnlyBytesMovedUnderIt() {
		PumpBandwidth bandwidth = BandwidthLimiter.unlimited(BURST).forPump("upload");
		long budget = bandwidth.acquire(10, NO_RESUME);
		bandwidth.limit(1_000_000);
		AtomicInteger resumes = new AtomicInteger();
		// Moved under the unlimited budget: the new limit does not make the pump pay for
		// it.
		long limited = bandwidth.acquire(budget, resumes::incrementAndGet);
		assertThat(limited).isPositive().isLessThanOrEqualTo(BURST);
		// Moved under the limit, a second's worth beyond the burst: the pump waits.
		assertThat(bandwidth.acquire(limited + 1_000_000, resumes::incrementAndGet)).isZero();
		bandwidth.close();
	}

	@Test
	void limitedPumpGetsAtMostItsBurstThenWaits() {
		PumpBandwidth bandwidth = new BandwidthLimiter(BandwidthLimits.unlimited().withPerPump(1_000_000), BURST)
			.forPump("upload");
		AtomicInteger resumes = new AtomicInteger();
		long budget = bandwidth.acquire(0, resumes::incrementAndGet);
		assertThat(budget).isPositive().isLessThanOrEqualTo(BURST);
		assertThat(bandwidth.acquire(budget + 100_000, resumes::incrementAndGet)).isZero();
		bandwidth.close();
	}

	@Test
	void limitsFarAboveAnyNetworkAreAccepted() {
		PumpBandwidth bandwidth = new BandwidthLimiter(BandwidthLimits.unlimited().withPerPump(2_000_000_000_000L),
				BURST)
			.forPump("upload");
		assertThat(bandwidth.acquire(BURST / 2, () -> {
		})).isPositive();
		assertThat(bandwidth.bytesPerSecond()).isEqualTo(2_000_000_000_000L);
	}

	@Test
	void limitsBelowOneKibibytePerSecondAreAccepted() {
		PumpBandwidth bandwidth = new BandwidthLimiter(BandwidthLimits.unlimited().withPerPump(500), BURST)
			.forPump("upload");
		assertThat(bandwidth.bytesPerSecond()).isEqualTo(500);
	}

	@Test
	void raisingLimitOfWaitingPumpResumesItWhenTheDebtIsPaid() {
		PumpBandwidth bandwidth = new BandwidthLimiter(BandwidthLimits.unlimited().withPerPump(1000), 1024)
			.forPump("upload");
		AtomicInteger resumes = new AtomicInteger();
		assertThat(bandwidth.acquire(2048, resumes::incrementAndGet)).isZero();
		bandwidth.limit(1_000_000_000L);
		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(resumes).hasValue(1));
	}

	@Test
	void zeroOrNegativeLimitIsRejected() {
		PumpBandwidth bandwidth = BandwidthLimiter.unlimited(BURST).forPump("upload");
		assertThatIllegalArgumentException().isThrownBy(() -> bandwidth.limit(0));
		assertThatIllegalArgumentException().isThrownBy(() -> BandwidthLimits.unlimited().withTotal(-1));
	}

}
