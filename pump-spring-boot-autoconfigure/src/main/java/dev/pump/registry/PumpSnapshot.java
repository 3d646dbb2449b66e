package dev.pump.registry;

import java.time.Duration;
import java.time.Instant;

import dev.pump.PumpOutcome;
import dev.pump.PumpState;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of a {@link ManagedPump} at one moment: what the {@code pumps}
 * actuator endpoint shows, and what the {@link PumpRegistry} keeps of finished pumps.
 *
 * @param name the name of the pump
 * @param id the id of the pump
 * @param state the state
 * @param bytes the bytes pumped by this pump
 * @param paused whether flow control paused the read stream
 * @param pauses how many times flow control paused the read stream
 * @param queuedBytes what the write stream queued ({@code 0} if unknown)
 * @param started when the pump was first started, {@code null} if not yet
 * @param expectedBytes the total the application told, {@code null} if unknown
 * @param resumedBytes the bytes of the transfer moved before this pump, {@code 0} unless
 * it resumed a transfer: progress is {@code resumedBytes + bytes} of
 * {@code expectedBytes}
 * @param outcome how the pump finished, {@code null} while alive
 * @param finished when the pump finished, {@code null} while alive
 * @param duration from start to finish, {@code null} while alive
 * @param failure the message of the failure, {@code null} unless it failed or was
 * cancelled
 * @param bytesPerSecondLimit the pump's own bandwidth limit, {@code null} if unlimited
 */
public record PumpSnapshot(String name, String id, PumpState state, long bytes, boolean paused, long pauses,
		long queuedBytes, @Nullable Instant started, @Nullable Long expectedBytes, long resumedBytes,
		@Nullable PumpOutcome outcome, @Nullable Instant finished, @Nullable Duration duration,
		@Nullable String failure, @Nullable Long bytesPerSecondLimit) {

	/**
	 * Return the average rate of the transfer: from start to finish once finished, from
	 * start to {@code now} while alive.
	 * @param now the current instant
	 * @return the bytes per second, {@code 0} before the start
	 */
	public double bytesPerSecond(Instant now) {
		Duration elapsed = elapsed(now);
		if (elapsed == null || elapsed.isZero() || elapsed.isNegative()) {
			return 0;
		}
		return this.bytes / (elapsed.toNanos() / 1e9);
	}

	private @Nullable Duration elapsed(Instant now) {
		if (this.duration != null) {
			return this.duration;
		}
		return (this.started != null) ? Duration.between(this.started, now) : null;
	}

}
