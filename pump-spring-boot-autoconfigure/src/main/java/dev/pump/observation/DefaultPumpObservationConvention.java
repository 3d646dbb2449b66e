package dev.pump.observation;

import java.util.Locale;

import dev.pump.observation.PumpObservationDocumentation.HighCardinalityKeyNames;
import dev.pump.observation.PumpObservationDocumentation.LowCardinalityKeyNames;
import dev.pump.registry.PumpSnapshot;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PumpObservationConvention}: observations named {@value #NAME}, spans
 * named {@code "pump <name>"}.
 */
public class DefaultPumpObservationConvention implements PumpObservationConvention {

	/**
	 * Name of the observation. Its own timer is turned off by the auto-configuration, as
	 * the {@code pump.transfers} timer of the metrics already counts transfers.
	 */
	public static final String NAME = "pump.transfer";

	private static final String UNKNOWN = "unknown";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(PumpObservationContext context) {
		return "pump " + context.getPump().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PumpObservationContext context) {
		PumpSnapshot finished = context.getFinished();
		String outcome = (finished != null && finished.outcome() != null)
				? finished.outcome().name().toLowerCase(Locale.ROOT) : UNKNOWN;
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.PUMP_NAME, context.getPump().name()),
				KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PumpObservationContext context) {
		PumpSnapshot finished = context.getFinished();
		KeyValues values = KeyValues.of(KeyValue.of(HighCardinalityKeyNames.PUMP_ID, context.getPump().id()));
		return (finished != null)
				? values.and(KeyValue.of(HighCardinalityKeyNames.BYTES, Long.toString(finished.bytes())),
						KeyValue.of(HighCardinalityKeyNames.PAUSES, Long.toString(finished.pauses())))
				: values;
	}

}
