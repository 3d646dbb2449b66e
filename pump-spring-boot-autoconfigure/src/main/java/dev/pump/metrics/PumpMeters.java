package dev.pump.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import org.jspecify.annotations.Nullable;

/**
 * The meters of pumps: names, types, base units and tag keys, as
 * {@link PumpMetricsBinder} registers them.
 *
 * <p>
 * Meters of one live pump carry the tags {@link PumpKeyNames#NAME pump.name} and
 * {@link LivePumpKeyNames#ID pump.id} and are removed when the pump finishes. Meters of a
 * name carry only {@link PumpKeyNames#NAME pump.name}, so their number is bounded by the
 * names an application uses.
 */
public enum PumpMeters implements MeterDocumentation {

	/**
	 * Bytes pumped by one live pump.
	 */
	BYTES("pump.bytes", Meter.Type.COUNTER, "Bytes pumped by a live pump", BaseUnits.BYTES, livePump()),

	/**
	 * Whether flow control has paused the read stream of one live pump: 1 or 0.
	 */
	PAUSED("pump.paused", Meter.Type.GAUGE,
			"Whether flow control has paused the read stream of a live pump (1) or not (0)", null, livePump()),

	/**
	 * Bytes queued by the write stream of one live pump.
	 */
	WRITE_QUEUE("pump.write.queue", Meter.Type.GAUGE, "Bytes queued by the write stream of a live pump",
			BaseUnits.BYTES, livePump()),

	/**
	 * Bytes pumped by the pumps of a name, live and finished.
	 */
	BYTES_PUMPED("pump.bytes.pumped", Meter.Type.COUNTER, "Bytes pumped by the pumps of a name, live and finished",
			BaseUnits.BYTES, PumpKeyNames.values()),

	/**
	 * Live pumps of a name.
	 */
	ACTIVE("pump.active", Meter.Type.GAUGE, "Live pumps of a name", null, PumpKeyNames.values()),

	/**
	 * Live pumps of a name whose read stream flow control has paused.
	 */
	ACTIVE_PAUSED("pump.active.paused", Meter.Type.GAUGE, "Live pumps of a name paused by flow control", null,
			PumpKeyNames.values()),

	/**
	 * Times flow control paused the read stream of a pump of a name.
	 */
	PAUSES("pump.pauses", Meter.Type.COUNTER, "Times flow control paused the read stream of a pump of a name", null,
			PumpKeyNames.values()),

	/**
	 * Finished transfers of a name by {@link TransferKeyNames#OUTCOME outcome}, with
	 * their durations.
	 */
	TRANSFERS("pump.transfers", Meter.Type.TIMER, "Finished transfers of a name by outcome, from start to finish", null,
			KeyName.merge(PumpKeyNames.values(), TransferKeyNames.values()));

	private final String name;

	private final Meter.Type type;

	private final String description;

	private final @Nullable String baseUnit;

	private final KeyName[] keyNames;

	PumpMeters(String name, Meter.Type type, String description, @Nullable String baseUnit, KeyName[] keyNames) {
		this.name = name;
		this.type = type;
		this.description = description;
		this.baseUnit = baseUnit;
		this.keyNames = keyNames;
	}

	private static KeyName[] livePump() {
		return KeyName.merge(PumpKeyNames.values(), LivePumpKeyNames.values());
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Meter.Type getType() {
		return this.type;
	}

	/**
	 * Return the description of the meter, which registries export as its help text.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return the base unit of the meter.
	 * @return the base unit, {@code null} for counts and timers (seconds)
	 */
	@Override
	public @Nullable String getBaseUnit() {
		return this.baseUnit;
	}

	@Override
	public KeyName[] getKeyNames() {
		return this.keyNames.clone();
	}

	/**
	 * Tag keys of every meter of pumps.
	 */
	public enum PumpKeyNames implements KeyName {

		/**
		 * Name of the pump, as given to its factory; pumps of names beyond the limit
		 * count under {@value PumpMetricsBinder#OVERFLOW_NAME}.
		 */
		NAME {
			@Override
			public String asString() {
				return "pump.name";
			}
		}

	}

	/**
	 * Tag keys of the meters of one live pump.
	 */
	public enum LivePumpKeyNames implements KeyName {

		/**
		 * Unique id of the pump, as the {@code pumps} endpoint shows it.
		 */
		ID {
			@Override
			public String asString() {
				return "pump.id";
			}
		}

	}

	/**
	 * Tag keys of the {@link #TRANSFERS} timer.
	 */
	public enum TransferKeyNames implements KeyName {

		/**
		 * Outcome of the transfer: {@code success}, {@code failure} or {@code cancelled}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
