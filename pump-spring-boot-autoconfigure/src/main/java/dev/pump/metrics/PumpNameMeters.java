package dev.pump.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.pump.PumpOutcome;
import dev.pump.metrics.PumpMeters.PumpKeyNames;
import dev.pump.metrics.PumpMeters.TransferKeyNames;
import dev.pump.registry.ManagedPump;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one pump name ({@link PumpMeters#BYTES_PUMPED},
 * {@link PumpMeters#ACTIVE}, {@link PumpMeters#ACTIVE_PAUSED}, {@link PumpMeters#PAUSES},
 * {@link PumpMeters#TRANSFERS}). The bytes of live pumps are read from the pumps when
 * scraped, and so are their pauses; a finishing pump moves its bytes and pauses to the
 * finished totals under the same lock as the scrape, so the counters never go back.
 */
final class PumpNameMeters {

	private final MeterRegistry registry;

	private final List<Meter> meters = new ArrayList<>();

	private final Set<ManagedPump> live = new HashSet<>();

	private long finishedBytes;

	private long finishedPauses;

	private final Map<PumpOutcome, Timer> transfers = new EnumMap<>(PumpOutcome.class);

	PumpNameMeters(MeterRegistry registry, String name) {
		this.registry = registry;
		Tags tags = Tags.of(PumpKeyNames.NAME.asString(), name);
		this.meters.add(FunctionCounter.builder(PumpMeters.BYTES_PUMPED.getName(), this, PumpNameMeters::bytesPumped)
			.description(PumpMeters.BYTES_PUMPED.getDescription())
			.baseUnit(PumpMeters.BYTES_PUMPED.getBaseUnit())
			.tags(tags)
			.register(registry));
		gauge(PumpMeters.ACTIVE, tags, PumpNameMeters::active);
		gauge(PumpMeters.ACTIVE_PAUSED, tags, PumpNameMeters::activePaused);
		// Read from the pumps as their bytes are: nothing to do when a pump pauses.
		this.meters.add(FunctionCounter.builder(PumpMeters.PAUSES.getName(), this, PumpNameMeters::pauses)
			.description(PumpMeters.PAUSES.getDescription())
			.tags(tags)
			.register(registry));
		for (PumpOutcome outcome : PumpOutcome.values()) {
			Timer timer = timer(tags, outcome);
			this.transfers.put(outcome, timer);
			this.meters.add(timer);
		}
	}

	private void gauge(PumpMeters meter, Tags tags, ToDoubleFunction<PumpNameMeters> value) {
		this.meters.add(Gauge.builder(meter.getName(), this, value)
			.description(meter.getDescription())
			.tags(tags)
			.strongReference(true)
			.register(this.registry));
	}

	private Timer timer(Tags tags, PumpOutcome outcome) {
		return Timer.builder(PumpMeters.TRANSFERS.getName())
			.description(PumpMeters.TRANSFERS.getDescription())
			.tags(tags)
			.tag(TransferKeyNames.OUTCOME.asString(), outcome.name().toLowerCase(Locale.ROOT))
			.register(this.registry);
	}

	// A pump replayed by the binder may have finished meanwhile: its state is final
	// before
	// its finish is reported, so a finish that came first is seen here.
	synchronized boolean add(ManagedPump pump) {
		return !pump.state().isFinished() && this.live.add(pump);
	}

	synchronized void finish(ManagedPump pump, long bytes, long pauses) {
		this.live.remove(pump);
		this.finishedBytes += bytes;
		this.finishedPauses += pauses;
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

	synchronized double pauses() {
		long pauses = this.finishedPauses;
		for (ManagedPump pump : this.live) {
			pauses += pump.pauseCount();
		}
		return pauses;
	}

	synchronized double active() {
		return this.live.size();
	}

	synchronized double activePaused() {
		return this.live.stream().filter(ManagedPump::isPaused).count();
	}

	void remove() {
		this.meters.forEach(this.registry::remove);
	}

}
