package dev.pump.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.jspecify.annotations.Nullable;

/**
 * The meters of pumps: names, types, descriptions and base units, and their tag keys.
 *
 * <p>
 * Meters of one live pump carry the tags {@value #NAME_TAG} and {@value #ID_TAG} and are
 * removed when the pump finishes. Meters of a name carry only {@value #NAME_TAG}, so
 * their number is bounded by the names an application uses.
 */
public enum PumpMeters {

	/**
	 * Bytes pumped by one live pump.
	 */
	BYTES("pump.bytes", Meter.Type.COUNTER, "Bytes pumped by a live pump", BaseUnits.BYTES),

	/**
	 * Whether flow control has paused the read stream of one live pump: 1 or 0.
	 */
	PAUSED("pump.paused", Meter.Type.GAUGE,
			"Whether flow control has paused the read stream of a live pump (1) or not (0)", null),

	/**
	 * Bytes queued by the write stream of one live pump.
	 */
	WRITE_QUEUE("pump.write.queue", Meter.Type.GAUGE, "Bytes queued by the write stream of a live pump",
			BaseUnits.BYTES),

	/**
	 * Bytes pumped by the pumps of a name, live and finished.
	 */
	BYTES_PUMPED("pump.bytes.pumped", Meter.Type.COUNTER, "Bytes pumped by the pumps of a name, live and finished",
			BaseUnits.BYTES),

	/**
	 * Live pumps of a name.
	 */
	ACTIVE("pump.active", Meter.Type.GAUGE, "Live pumps of a name", null),

	/**
	 * Live pumps of a name whose read stream flow control has paused.
	 */
	ACTIVE_PAUSED("pump.active.paused", Meter.Type.GAUGE, "Live pumps of a name paused by flow control", null),

	/**
	 * Times flow control paused the read stream of a pump of a name.
	 */
	PAUSES("pump.pauses", Meter.Type.COUNTER, "Times flow control paused the read stream of a pump of a name", null),

	/**
	 * Finished transfers of a name by {@value #OUTCOME_TAG}, with their durations.
	 */
	TRANSFERS("pump.transfers", Meter.Type.TIMER, "Finished transfers of a name by outcome, from start to finish",
			null);

	/**
	 * Tag key of the pump's name.
	 */
	public static final String NAME_TAG = "pump.name";

	/**
	 * Tag key of the pump's id.
	 */
	public static final String ID_TAG = "pump.id";

	/**
	 * Tag key of the outcome of a transfer: {@code success}, {@code failure} or
	 * {@code cancelled}.
	 */
	public static final String OUTCOME_TAG = "outcome";

	private final String name;

	private final Meter.Type type;

	private final String description;

	private final @Nullable String baseUnit;

	PumpMeters(String name, Meter.Type type, String description, @Nullable String baseUnit) {
		this.name = name;
		this.type = type;
		this.description = description;
		this.baseUnit = baseUnit;
	}

	/**
	 * Return the name of the meter.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the type of the meter.
	 * @return the type
	 */
	public Meter.Type getType() {
		return this.type;
	}

	/**
	 * Return the description of the meter.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return the base unit of the meter.
	 * @return the base unit, {@code null} for counts and timers (seconds)
	 */
	public @Nullable String getBaseUnit() {
		return this.baseUnit;
	}

}
