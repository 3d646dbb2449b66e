package dev.pump.metrics;

import java.util.List;

import dev.pump.metrics.PumpMeters.LivePumpKeyNames;
import dev.pump.metrics.PumpMeters.PumpKeyNames;
import dev.pump.registry.ManagedPump;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of one live pump ({@link PumpMeters#BYTES}, {@link PumpMeters#PAUSED},
 * {@link PumpMeters#WRITE_QUEUE}), which read the pump when scraped and are removed when
 * it finishes.
 */
final class LivePumpMeters {

	private final MeterRegistry registry;

	private final List<Meter> meters;

	LivePumpMeters(MeterRegistry registry, ManagedPump pump) {
		this.registry = registry;
		Tags tags = Tags.of(PumpKeyNames.NAME.asString(), pump.name(), LivePumpKeyNames.ID.asString(), pump.id());
		this.meters = List.of(bytes(pump, tags), paused(pump, tags), writeQueue(pump, tags));
	}

	private Meter bytes(ManagedPump pump, Tags tags) {
		return FunctionCounter.builder(PumpMeters.BYTES.getName(), pump, ManagedPump::bytesPumped)
			.description(PumpMeters.BYTES.getDescription())
			.baseUnit(PumpMeters.BYTES.getBaseUnit())
			.tags(tags)
			.register(this.registry);
	}

	private Meter paused(ManagedPump pump, Tags tags) {
		return Gauge.builder(PumpMeters.PAUSED.getName(), pump, (p) -> p.isPaused() ? 1 : 0)
			.description(PumpMeters.PAUSED.getDescription())
			.tags(tags)
			.register(this.registry);
	}

	private Meter writeQueue(ManagedPump pump, Tags tags) {
		return Gauge.builder(PumpMeters.WRITE_QUEUE.getName(), pump, ManagedPump::writeQueueSize)
			.description(PumpMeters.WRITE_QUEUE.getDescription())
			.baseUnit(PumpMeters.WRITE_QUEUE.getBaseUnit())
			.tags(tags)
			.register(this.registry);
	}

	void remove() {
		this.meters.forEach(this.registry::remove);
	}

}
