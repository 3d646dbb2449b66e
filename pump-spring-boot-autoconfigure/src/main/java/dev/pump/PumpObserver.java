package dev.pump;

import org.jspecify.annotations.Nullable;

/**
 * Receives the life-cycle events of a pump, for registries and metrics. Called on the
 * pump's event threads: implementations must be fast and must not throw. Bytes are not
 * reported per item: read {@link Pump#bytesPumped()} when needed.
 */
public interface PumpObserver {

	/**
	 * An observer that does nothing.
	 */
	PumpObserver NONE = new PumpObserver() {
	};

	/**
	 * The pump was started for the first time.
	 * @param pump the pump
	 */
	default void started(Pump pump) {
	}

	/**
	 * Flow control paused the read stream.
	 * @param pump the pump
	 */
	default void paused(Pump pump) {
	}

	/**
	 * Flow control resumed the read stream.
	 * @param pump the pump
	 */
	default void resumed(Pump pump) {
	}

	/**
	 * The read stream ended and the pump called the write stream's {@code end()}; the
	 * pump finishes when that completes.
	 * @param pump the pump
	 */
	default void ending(Pump pump) {
	}

	/**
	 * The pump finished.
	 * @param pump the pump
	 * @param outcome how it finished
	 * @param failure the failure, unless the outcome is {@link PumpOutcome#SUCCESS}
	 */
	default void finished(Pump pump, PumpOutcome outcome, @Nullable Throwable failure) {
	}

}
