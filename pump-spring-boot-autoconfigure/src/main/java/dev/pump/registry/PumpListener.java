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
	 * A pump was started for the first time and is now in {@link PumpRegistry#live()}.
	 * @param pump the pump
	 */
	default void registered(ManagedPump pump) {
	}

	/**
	 * Flow control paused the read stream of a pump.
	 * @param pump the pump
	 */
	default void paused(ManagedPump pump) {
	}

	/**
	 * Flow control resumed the read stream of a pump.
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

}
