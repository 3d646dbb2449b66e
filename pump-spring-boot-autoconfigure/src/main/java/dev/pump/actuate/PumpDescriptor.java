package dev.pump.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.pump.PumpOutcome;
import dev.pump.registry.PumpSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One pump as the {@code pumps} endpoint shows it. {@code state} is a
 * {@link dev.pump.PumpState} in lower case ({@code new}, {@code running}, {@code paused},
 * {@code stopped}, {@code ending}, {@code succeeded}, {@code failed}, {@code cancelled});
 * {@code outcome} one of {@code success}, {@code failure}, {@code cancelled}; instants
 * are ISO-8601 strings.
 */
public final class PumpDescriptor implements OperationResponseBody {

	private final PumpSnapshot snapshot;

	private final double bytesPerSecond;

	PumpDescriptor(PumpSnapshot snapshot, Instant now) {
		this.snapshot = snapshot;
		this.bytesPerSecond = snapshot.bytesPerSecond(now);
	}

	/**
	 * Return the name of the pump.
	 * @return the name
	 */
	public String getName() {
		return this.snapshot.name();
	}

	/**
	 * Return the id of the pump.
	 * @return the id
	 */
	public String getId() {
		return this.snapshot.id();
	}

	/**
	 * Return the state, in lower case.
	 * @return the state
	 */
	public String getState() {
		return this.snapshot.state().name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the bytes pumped by this pump.
	 * @return the bytes
	 */
	public long getBytes() {
		return this.snapshot.bytes();
	}

	/**
	 * Return the bytes of the transfer moved before this pump, when it resumed a transfer
	 * (a chunk of a resumable upload): progress is {@code resumedBytes + bytes} of
	 * {@code expectedBytes}.
	 * @return the bytes, {@code 0} for a transfer from the start
	 */
	public long getResumedBytes() {
		return this.snapshot.resumedBytes();
	}

	/**
	 * Whether flow control has paused the read stream.
	 * @return {@code true} if paused
	 */
	public boolean isPaused() {
		return this.snapshot.paused();
	}

	/**
	 * Return how many times flow control paused the read stream.
	 * @return the pauses
	 */
	public long getPauses() {
		return this.snapshot.pauses();
	}

	/**
	 * Return the bytes queued by the write stream.
	 * @return the queued bytes
	 */
	public long getQueuedBytes() {
		return this.snapshot.queuedBytes();
	}

	/**
	 * Return when the pump started.
	 * @return the ISO-8601 instant, or {@code null} if not started
	 */
	public @Nullable String getStarted() {
		return iso(this.snapshot.started());
	}

	/**
	 * Return the average rate, from start to now or to the finish.
	 * @return the bytes per second
	 */
	public double getBytesPerSecond() {
		return this.bytesPerSecond;
	}

	/**
	 * Return the pump's own bandwidth limit (limits shared with other pumps apply as
	 * well).
	 * @return the bytes per second, or {@code null} if the pump has none
	 */
	public @Nullable Long getBytesPerSecondLimit() {
		return this.snapshot.bytesPerSecondLimit();
	}

	/**
	 * Return the total the application told, for a progress bar.
	 * @return the expected bytes, or {@code null} if unknown
	 */
	public @Nullable Long getExpectedBytes() {
		return this.snapshot.expectedBytes();
	}

	/**
	 * Return how the pump finished, in lower case.
	 * @return the outcome, or {@code null} while alive
	 */
	public @Nullable String getOutcome() {
		PumpOutcome outcome = this.snapshot.outcome();
		return (outcome != null) ? outcome.name().toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * Return when the pump finished.
	 * @return the ISO-8601 instant, or {@code null} while alive
	 */
	public @Nullable String getFinished() {
		return iso(this.snapshot.finished());
	}

	/**
	 * Return how long the pump ran, from start to finish.
	 * @return the milliseconds, or {@code null} while alive
	 */
	public @Nullable Long getDurationMillis() {
		Duration duration = this.snapshot.duration();
		return (duration != null) ? duration.toMillis() : null;
	}

	/**
	 * Return the message of the failure.
	 * @return the message, or {@code null} unless the pump failed or was cancelled
	 */
	public @Nullable String getFailure() {
		return this.snapshot.failure();
	}

	private static @Nullable String iso(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
