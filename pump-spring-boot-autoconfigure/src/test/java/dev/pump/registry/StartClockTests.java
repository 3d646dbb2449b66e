package dev.pump.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartClockTests {

	@Test
	void systemClockInstantIsNowWithinTheReadingsJitter() {
		StartClock clock = new StartClock(Clock.systemUTC());
		Instant before = Instant.now();
		Instant start = clock.instantAt(System.nanoTime());
		Instant after = Instant.now();
		// The system clock and the monotonic one advance together within NTP's slew.
		assertThat(start).isBetween(before.minusMillis(5), after.plusMillis(5));
	}

	@Test
	void instantsWithinASecondFollowTheMonotonicClockExactly() {
		StartClock clock = new StartClock(Clock.system(ZoneId.of("Europe/Paris")));
		long now = System.nanoTime();
		Instant first = clock.instantAt(now);
		Instant later = clock.instantAt(now + 5_000_123L);
		assertThat(Duration.between(first, later)).isEqualTo(Duration.ofNanos(5_000_123L));
	}

	@Test
	void readingLongAfterTheLastReadsTheSystemClockAgain() throws InterruptedException {
		StartClock clock = new StartClock(Clock.systemUTC());
		clock.instantAt(System.nanoTime());
		Thread.sleep(1100);
		Instant before = Instant.now();
		Instant start = clock.instantAt(System.nanoTime());
		assertThat(start).isBetween(before.minusMillis(5), Instant.now().plusMillis(5));
	}

	@Test
	void clockOfTheApplicationsOwnIsReadAtEveryStart() {
		Instant fixed = Instant.parse("2026-01-02T03:04:05Z");
		StartClock clock = new StartClock(Clock.fixed(fixed, ZoneOffset.UTC));
		assertThat(clock.instantAt(System.nanoTime())).isEqualTo(fixed);
		assertThat(clock.instantAt(System.nanoTime() + 3_000_000_000L)).isEqualTo(fixed);
	}

}
