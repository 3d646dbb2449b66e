package dev.pump.registry;

import dev.pump.PumpOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Receives the life-cycle events of the pumps of a {@link PumpRegistry}, for metrics and
 * monitoring. Called on the pumps' event threads, never per item: implementations must be
 * fast and should not throw (the registry logs and ignores what they throw).
 */
public interface PumpListener {

	/**
	 * Which pauses of each pump this listener hears: {@link Pauses#EVERY every} one by
	 * default. A pump may pause every few buffers, and a call per pause costs the pump
	 * even if it does nothing, so a listener that needs fewer says so.
	 * @return the pauses to hear, read once when the listener is added
	 */
	default Pauses pauses() {
		return Pauses.EVERY;
	}

	/**
	 * A pump was started for the first time and is now in {@link PumpRegistry#live()}.
	 * @param pump the pump
	 */
	default void registered(ManagedPump pump) {
	}

	/**
	 * Flow control paused the read stream of a pump, at the pauses chosen by
	 * {@link #pauses()}; {@link ManagedPump#pauseCount()} tells which pause it is.
	 * @param pump the pump
	 */
	default void paused(ManagedPump pump) {
	}

	/**
	 * Flow control resumed the read stream of a pump, after the pauses chosen by
	 * {@link #pauses()}.
	 * @param pump the pump
	 */
	default void resumed(ManagedPump pump) {
	}

	/**
	 * A pump finished and has left {@link PumpRegistry#live()}.
	 * @param pump the pump
	 * @param snapshot the final view of the pump, with outcome and duration
	 * @param failure the failure, unless the outcome is {@link PumpOutcome#SUCCESS}
	 */
	default void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
	}

	/**
	 * The pauses of a pump that a listener hears, with the resumes after them.
	 */
	enum Pauses {

		/**
		 * Every pause.
		 */
		EVERY,

		/**
		 * The 1st, 2nd, 4th, 8th... pause of each pump: a timeline that thins out as a
		 * pump goes on pausing, as for the events of an observation.
		 */
		POWERS_OF_TWO,

		/**
		 * None: {@link #paused} and {@link #resumed} are never called.
		 */
		NONE

	}

}
