package dev.pump.observation;

import java.util.Arrays;
import java.util.Locale;

import dev.pump.PumpOutcome;
import dev.pump.observation.PumpObservationDocumentation.HighCardinalityKeyNames;
import dev.pump.observation.PumpObservationDocumentation.LowCardinalityKeyNames;
import dev.pump.registry.PumpSnapshot;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

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

	// The outcome key values, made once: they are the same for every transfer.
	private static final KeyValue[] OUTCOMES = Arrays.stream(PumpOutcome.values())
		.map((outcome) -> KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome.name().toLowerCase(Locale.ROOT)))
		.toArray(KeyValue[]::new);

	private static final KeyValue UNKNOWN_OUTCOME = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "unknown");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(PumpObservationContext context) {
		return "pump " + context.getPump().name();
	}

	/**
	 * Return {@code pump.name} at the start, and {@code outcome} at the stop. Micrometer
	 * asks at both and keeps the union in the context, so what the start gave is still
	 * there at the stop; giving each key once spares a transfer the work of putting it
	 * again. No handler needs the outcome before the stop: the observation's own meters
	 * are off (see {@link #NAME}).
	 */
	@Override
	public KeyValues getLowCardinalityKeyValues(PumpObservationContext context) {
		PumpSnapshot finished = context.getFinished();
		return (finished != null) ? KeyValues.of(outcome(finished.outcome()))
				: KeyValues.of(KeyValue.of(LowCardinalityKeyNames.PUMP_NAME, context.getPump().name()));
	}

	/**
	 * Return {@code pump.id} at the start, and {@code pump.bytes} and {@code pump.pauses}
	 * at the stop (see {@link #getLowCardinalityKeyValues}).
	 */
	@Override
	public KeyValues getHighCardinalityKeyValues(PumpObservationContext context) {
		PumpSnapshot finished = context.getFinished();
		if (finished == null) {
			return KeyValues.of(KeyValue.of(HighCardinalityKeyNames.PUMP_ID, context.getPump().id()));
		}
		return KeyValues.of(KeyValue.of(HighCardinalityKeyNames.BYTES, Long.toString(finished.bytes())),
				KeyValue.of(HighCardinalityKeyNames.PAUSES, Long.toString(finished.pauses())));
	}

	private static KeyValue outcome(@Nullable PumpOutcome outcome) {
		return (outcome != null) ? OUTCOMES[outcome.ordinal()] : UNKNOWN_OUTCOME;
	}

}
