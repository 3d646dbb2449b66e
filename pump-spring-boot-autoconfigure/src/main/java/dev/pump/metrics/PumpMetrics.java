package dev.pump.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.PumpOutcome;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpListener;
import dev.pump.registry.PumpRegistry;
import dev.pump.registry.PumpSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the {@link PumpMeters} of the pumps of a {@link PumpRegistry} to a
 * {@link MeterRegistry}.
 *
 * <p>
 * Nothing is done per item: the meters read the pumps' counters when scraped, and only
 * life-cycle events (start, pause, finish) update them. Two limits protect the registry
 * from a flood of transfers: at most {@code maxPumpsWithMeters} live pumps get meters of
 * their own at once (the others still count in the meters of their name), and at most
 * {@code maxNames} names get meters, further names being counted under
 * {@value #OVERFLOW_NAME}.
 */
public final class PumpMetrics implements PumpListener {

	/**
	 * Live pumps with meters of their own, by default.
	 */
	public static final int DEFAULT_MAX_PUMPS_WITH_METERS = 100;

	/**
	 * Names with meters, by default.
	 */
	public static final int DEFAULT_MAX_NAMES = 100;

	/**
	 * The {@link PumpMeters#NAME_TAG} of the pumps whose name came beyond the limit.
	 */
	public static final String OVERFLOW_NAME = "other";

	private final MeterRegistry registry;

	private final int maxPumpsWithMeters;

	private final int maxNames;

	private final Map<String, NameMeters> names = new ConcurrentHashMap<>();

	private final Map<String, PumpMeterSet> pumps = new ConcurrentHashMap<>();

	private final AtomicInteger pumpsWithMeters = new AtomicInteger();

	/**
	 * Create the metrics with the default limits.
	 * @param registry where the meters go
	 */
	public PumpMetrics(MeterRegistry registry) {
		this(registry, DEFAULT_MAX_PUMPS_WITH_METERS, DEFAULT_MAX_NAMES);
	}

	/**
	 * Create the metrics.
	 * @param registry where the meters go
	 * @param maxPumpsWithMeters how many live pumps may have meters of their own at once
	 * ({@code 0} for none)
	 * @param maxNames how many names may have meters of their own
	 */
	public PumpMetrics(MeterRegistry registry, int maxPumpsWithMeters, int maxNames) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.maxPumpsWithMeters = maxPumpsWithMeters;
		this.maxNames = maxNames;
	}

	/**
	 * Listen to the pumps of a registry, including those already live.
	 * @param pumpRegistry the registry of pumps
	 */
	public void bindTo(PumpRegistry pumpRegistry) {
		pumpRegistry.addListener(this);
		pumpRegistry.live().forEach(this::registered);
	}

	@Override
	public void registered(ManagedPump pump) {
		// A pump that starts while bindTo() runs is heard twice: count it once.
		if (!nameMeters(pump).add(pump)) {
			return;
		}
		if (this.pumpsWithMeters.incrementAndGet() <= this.maxPumpsWithMeters) {
			this.pumps.put(pump.id(), new PumpMeterSet(this.registry, pump));
		}
		else {
			this.pumpsWithMeters.decrementAndGet();
		}
	}

	@Override
	public void paused(ManagedPump pump) {
		nameMeters(pump).paused();
	}

	@Override
	public void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
		PumpMeterSet meters = this.pumps.remove(pump.id());
		if (meters != null) {
			meters.remove();
			this.pumpsWithMeters.decrementAndGet();
		}
		NameMeters nameMeters = nameMeters(pump);
		nameMeters.finish(pump, snapshot.bytes());
		PumpOutcome outcome = (snapshot.outcome() != null) ? snapshot.outcome() : PumpOutcome.FAILURE;
		Duration duration = (snapshot.duration() != null) ? snapshot.duration() : Duration.ZERO;
		nameMeters.transferred(outcome, duration);
	}

	private NameMeters nameMeters(ManagedPump pump) {
		NameMeters meters = this.names.get(pump.name());
		if (meters != null) {
			return meters;
		}
		String name = (this.names.size() < this.maxNames) ? pump.name() : OVERFLOW_NAME;
		return this.names.computeIfAbsent(name, (key) -> new NameMeters(this.registry, key));
	}

}
