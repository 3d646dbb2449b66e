package dev.pump.registry;

import java.time.Clock;
import java.time.Instant;

/**
 * The wall-clock instant of a pump's start, from the monotonic reading the pump takes for
 * its duration anyway: the system clock is read at most once a second, and an instant in
 * between is the last reading plus the monotonic time since.
 *
 * <p>
 * Why: on JDK 17 {@code Clock.systemUTC().instant()} is a call into the VM
 * ({@code VM.getNanoTimeAdjustment}); in a profile of a managed transfer it was 15% of
 * the transfer's cost, to stamp a start that is only shown. A start instant may lag a
 * step of the system clock by up to a second. A clock of the application's own (a test's
 * fixed clock) is read at every start.
 */
final class StartClock {

	private static final long READ_EVERY_NANOS = 1_000_000_000L;

	private final Clock clock;

	private final boolean system;

	private volatile Reading last;

	StartClock(Clock clock) {
		this.clock = clock;
		this.system = clock.equals(Clock.system(clock.getZone()));
		this.last = read();
	}

	/**
	 * Return the wall-clock instant of a monotonic reading taken a moment ago.
	 * @param nanoTime a reading of {@link System#nanoTime()}
	 * @return its instant
	 */
	Instant instantAt(long nanoTime) {
		if (!this.system) {
			return this.clock.instant();
		}
		Reading reading = this.last;
		long since = nanoTime - reading.nanoTime();
		if (since > READ_EVERY_NANOS || since < -READ_EVERY_NANOS) {
			reading = read();
			this.last = reading;
			since = nanoTime - reading.nanoTime();
		}
		return reading.instant().plusNanos(since);
	}

	private Reading read() {
		return new Reading(this.clock.instant(), System.nanoTime());
	}

	private record Reading(Instant instant, long nanoTime) {
	}

}
