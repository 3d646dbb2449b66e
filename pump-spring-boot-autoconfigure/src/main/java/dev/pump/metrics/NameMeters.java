package dev.pump.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.pump.PumpOutcome;
import dev.pump.registry.ManagedPump;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one pump name. The bytes of live pumps are read from the pumps when
 * scraped; a finishing pump moves its bytes to the finished total under the same lock as
 * the scrape, so the counter never goes back.
 */
final class NameMeters {

	private final Set<ManagedPump> live = new HashSet<>();

	private long finishedBytes;

	private final Counter pauses;

	private final Map<PumpOutcome, Timer> transfers = new EnumMap<>(PumpOutcome.class);

	NameMeters(MeterRegistry registry, String name) {
		Tags tags = Tags.of(PumpMeters.NAME_TAG, name);
		FunctionCounter.builder(PumpMeters.BYTES_PUMPED.getName(), this, NameMeters::bytesPumped)
			.description(PumpMeters.BYTES_PUMPED.getDescription())
			.baseUnit(PumpMeters.BYTES_PUMPED.getBaseUnit())
			.tags(tags)
			.register(registry);
		gauge(registry, PumpMeters.ACTIVE, tags, NameMeters::active);
		gauge(registry, PumpMeters.ACTIVE_PAUSED, tags, NameMeters::activePaused);
		this.pauses = Counter.builder(PumpMeters.PAUSES.getName())
			.description(PumpMeters.PAUSES.getDescription())
			.tags(tags)
			.register(registry);
		for (PumpOutcome outcome : PumpOutcome.values()) {
			this.transfers.put(outcome, timer(registry, tags, outcome));
		}
	}

	private void gauge(MeterRegistry registry, PumpMeters meter, Tags tags, ToDoubleFunction<NameMeters> value) {
		Gauge.builder(meter.getName(), this, value)
			.description(meter.getDescription())
			.tags(tags)
			.strongReference(true)
			.register(registry);
	}

	private static Timer timer(MeterRegistry registry, Tags tags, PumpOutcome outcome) {
		return Timer.builder(PumpMeters.TRANSFERS.getName())
			.description(PumpMeters.TRANSFERS.getDescription())
			.tags(tags)
			.tag(PumpMeters.OUTCOME_TAG, outcome.name().toLowerCase(Locale.ROOT))
			.register(registry);
	}

	synchronized boolean add(ManagedPump pump) {
		return this.live.add(pump);
	}

	synchronized void finish(ManagedPump pump, long bytes) {
		this.live.remove(pump);
		this.finishedBytes += bytes;
	}

	void paused() {
		this.pauses.increment();
	}

	void transferred(PumpOutcome outcome, Duration duration) {
		this.transfers.get(outcome).record(duration);
	}

	synchronized double bytesPumped() {
		long bytes = this.finishedBytes;
		for (ManagedPump pump : this.live) {
			bytes += pump.bytesPumped();
		}
		return bytes;
	}

	synchronized double active() {
		return this.live.size();
	}

	synchronized double activePaused() {
		return this.live.stream().filter(ManagedPump::isPaused).count();
	}

}
