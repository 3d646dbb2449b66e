package dev.pump.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.scheduler.Schedulers;

/**
 * Binds the {@link PumpMeters} of the pumps of a {@link PumpRegistry} to a
 * {@link MeterRegistry}. In a Spring Boot application the auto-configuration declares it
 * as a bean and Boot's metrics auto-configuration binds it, like every
 * {@link MeterBinder} bean; elsewhere call {@link #bindTo(MeterRegistry)}.
 *
 * <p>
 * Nothing is done per item: the meters read the pumps' counters when scraped, and only
 * life-cycle events (start, finish) update them. A pump gets meters of its own once it
 * has run for {@code perPumpDelay} ({@link #DEFAULT_PER_PUMP_DELAY} by default, zero for
 * at once): a shorter transfer counts in the meters of its name only, which spares it the
 * registration and removal of three meters (more than it costs to pump a small file) that
 * no scrape would have seen. Two limits protect each registry from a flood of transfers:
 * at most {@code maxPumpsWithMeters} live pumps get meters of their own at once (the
 * others still count in the meters of their name), and at most {@code maxNames} names get
 * meters, further names being counted under {@value #OVERFLOW_NAME}. {@link #close()
 * Closing} the binder stops listening to the pumps and removes their meters.
 */
public final class PumpMetricsBinder implements MeterBinder, AutoCloseable {

	/**
	 * Live pumps with meters of their own, by default.
	 */
	public static final int DEFAULT_MAX_PUMPS_WITH_METERS = 100;

	/**
	 * Names with meters, by default.
	 */
	public static final int DEFAULT_MAX_NAMES = 100;

	/**
	 * How long a pump runs before it gets meters of its own, by default.
	 */
	public static final Duration DEFAULT_PER_PUMP_DELAY = Duration.ofMillis(100);

	/**
	 * The {@link PumpMeters.PumpKeyNames#NAME pump.name} of the pumps whose name came
	 * beyond the limit.
	 */
	public static final String OVERFLOW_NAME = "other";

	private final PumpRegistry pumps;

	private final int maxPumpsWithMeters;

	private final int maxNames;

	private final Duration perPumpDelay;

	private final List<PumpMetersListener> listeners = new ArrayList<>();

	private boolean closed;

	/**
	 * Create a binder with the default limits.
	 * @param pumps the registry of the pumps to measure
	 */
	public PumpMetricsBinder(PumpRegistry pumps) {
		this(pumps, DEFAULT_MAX_PUMPS_WITH_METERS, DEFAULT_MAX_NAMES);
	}

	/**
	 * Create a binder.
	 * @param pumps the registry of the pumps to measure
	 * @param maxPumpsWithMeters how many live pumps may have meters of their own at once
	 * ({@code 0} for none)
	 * @param maxNames how many names may have meters of their own
	 */
	public PumpMetricsBinder(PumpRegistry pumps, int maxPumpsWithMeters, int maxNames) {
		this(pumps, maxPumpsWithMeters, maxNames, DEFAULT_PER_PUMP_DELAY);
	}

	/**
	 * Create a binder.
	 * @param pumps the registry of the pumps to measure
	 * @param maxPumpsWithMeters how many live pumps may have meters of their own at once
	 * ({@code 0} for none)
	 * @param maxNames how many names may have meters of their own
	 * @param perPumpDelay how long a pump runs before it gets meters of its own (zero for
	 * at once); its timers run on Reactor's parallel scheduler
	 * @throws IllegalArgumentException if {@code perPumpDelay} is negative
	 */
	public PumpMetricsBinder(PumpRegistry pumps, int maxPumpsWithMeters, int maxNames, Duration perPumpDelay) {
		this.pumps = Objects.requireNonNull(pumps, "pumps");
		this.maxPumpsWithMeters = maxPumpsWithMeters;
		this.maxNames = maxNames;
		if (perPumpDelay.isNegative()) {
			throw new IllegalArgumentException("perPumpDelay must not be negative: " + perPumpDelay);
		}
		this.perPumpDelay = perPumpDelay;
	}

	/**
	 * Publish the meters of the pumps, including those already live, to a registry and
	 * keep them up to date. Binding the same registry again does nothing.
	 * @param registry where the meters go
	 * @throws IllegalStateException if the binder is closed
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		PumpMetersListener listener = new PumpMetersListener(registry, this.maxPumpsWithMeters, this.maxNames,
				this.perPumpDelay, Schedulers.parallel(), this.pumps::live);
		synchronized (this.listeners) {
			if (this.closed) {
				throw new IllegalStateException("PumpMetricsBinder is closed");
			}
			if (this.listeners.stream().anyMatch((bound) -> bound.registry() == registry)) {
				return;
			}
			this.listeners.add(listener);
			this.pumps.addListener(listener);
		}
		this.pumps.live().forEach(listener::registered);
	}

	/**
	 * Stop listening to the pumps and remove their meters from every registry this binder
	 * is bound to.
	 */
	@Override
	public void close() {
		List<PumpMetersListener> bound;
		synchronized (this.listeners) {
			this.closed = true;
			bound = List.copyOf(this.listeners);
			this.listeners.clear();
		}
		for (PumpMetersListener listener : bound) {
			this.pumps.removeListener(listener);
			listener.close();
		}
	}

}
