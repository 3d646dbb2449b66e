package dev.pump.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of {@link PumpObservationDocumentation#TRANSFER transfer}
 * observations. Define a bean of this type to replace
 * {@link DefaultPumpObservationConvention}.
 */
public interface PumpObservationConvention extends ObservationConvention<PumpObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PumpObservationContext;
	}

}
