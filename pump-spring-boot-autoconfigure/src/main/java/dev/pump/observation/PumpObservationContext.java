package dev.pump.observation;

import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpSnapshot;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@link PumpObservationDocumentation#TRANSFER transfer} observation:
 * the pump, and its final view once it has finished.
 */
public class PumpObservationContext extends Observation.Context {

	private final ManagedPump pump;

	private volatile @Nullable PumpSnapshot finished;

	/**
	 * Create the context of a pump's transfer.
	 * @param pump the pump
	 */
	public PumpObservationContext(ManagedPump pump) {
		this.pump = pump;
	}

	/**
	 * Return the pump.
	 * @return the pump
	 */
	public ManagedPump getPump() {
		return this.pump;
	}

	/**
	 * Return the final view of the pump.
	 * @return the snapshot, {@code null} until the pump has finished
	 */
	public @Nullable PumpSnapshot getFinished() {
		return this.finished;
	}

	/**
	 * Set the final view of the pump, once it has finished.
	 * @param finished the snapshot
	 */
	public void setFinished(PumpSnapshot finished) {
		this.finished = finished;
	}

}
