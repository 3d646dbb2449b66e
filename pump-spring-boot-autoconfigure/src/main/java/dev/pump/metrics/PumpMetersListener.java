package dev.pump.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import dev.pump.PumpOutcome;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpListener;
import dev.pump.registry.PumpSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps the {@link PumpMeters} of the pumps of a registry in one {@link MeterRegistry}
 * from their life-cycle events, within the limits of {@link PumpMetricsBinder}.
 */
final class PumpMetersListener implements PumpListener {

	private final MeterRegistry registry;

	private final int maxPumpsWithMeters;

	private final int maxNames;

	private final Map<String, PumpNameMeters> names = new ConcurrentHashMap<>();

	private final Map<String, LivePumpMeters> pumps = new ConcurrentHashMap<>();

	private final AtomicInteger pumpsWithMeters = new AtomicInteger();

	// Events share the lock, close() takes it alone: no meter is added after close().
	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private final @Nullable PumpMetersDelay delay;

	private boolean closed;

	PumpMetersListener(MeterRegistry registry, int maxPumpsWithMeters, int maxNames, Duration perPumpDelay,
			Scheduler scheduler, Supplier<? extends Collection<ManagedPump>> live) {
		this.registry = registry;
		this.maxPumpsWithMeters = maxPumpsWithMeters;
		this.maxNames = maxNames;
		this.delay = (perPumpDelay.isZero() || maxPumpsWithMeters <= 0) ? null : new PumpMetersDelay(perPumpDelay,
				scheduler, live, (pump) -> this.pumps.containsKey(pump.id()), this::addPumpMeters);
	}

	// The meters read the pumps' pause counts and paused state when scraped.
	@Override
	public Pauses pauses() {
		return Pauses.NONE;
	}

	MeterRegistry registry() {
		return this.registry;
	}

	@Override
	public void registered(ManagedPump pump) {
		onEvent(() -> {
			// A pump that starts while the binder binds is heard twice: count it once.
			if (!nameMeters(pump).add(pump)) {
				return;
			}
			if (this.delay != null) {
				this.delay.started();
			}
			else {
				addPumpMetersNow(pump);
			}
		});
	}

	private void addPumpMeters(ManagedPump pump) {
		onEvent(() -> addPumpMetersNow(pump));
	}

	private void addPumpMetersNow(ManagedPump pump) {
		if (this.pumpsWithMeters.incrementAndGet() <= this.maxPumpsWithMeters) {
			LivePumpMeters meters = new LivePumpMeters(this.registry, pump);
			this.pumps.put(pump.id(), meters);
			// Finished while its meters were made: its finish found none to remove.
			if (pump.state().isFinished() && this.pumps.remove(pump.id(), meters)) {
				meters.remove();
				this.pumpsWithMeters.decrementAndGet();
			}
		}
		else {
			this.pumpsWithMeters.decrementAndGet();
		}
	}

	@Override
	public void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
		onEvent(() -> {
			LivePumpMeters meters = this.pumps.remove(pump.id());
			if (meters != null) {
				meters.remove();
				this.pumpsWithMeters.decrementAndGet();
			}
			PumpNameMeters nameMeters = nameMeters(pump);
			nameMeters.finish(pump, snapshot.bytes(), snapshot.pauses());
			PumpOutcome outcome = (snapshot.outcome() != null) ? snapshot.outcome() : PumpOutcome.FAILURE;
			Duration duration = (snapshot.duration() != null) ? snapshot.duration() : Duration.ZERO;
			nameMeters.transferred(outcome, duration);
		});
	}

	/**
	 * Remove every meter of pumps from the registry and ignore further events.
	 */
	void close() {
		// Before the lock: a sweep under way takes it to add meters, and close() waits
		// for
		// that sweep.
		if (this.delay != null) {
			this.delay.close();
		}
		Lock closing = this.lock.writeLock();
		closing.lock();
		try {
			this.closed = true;
			this.pumps.values().forEach(LivePumpMeters::remove);
			this.pumps.clear();
			this.names.values().forEach(PumpNameMeters::remove);
			this.names.clear();
		}
		finally {
			closing.unlock();
		}
	}

	private void onEvent(Runnable update) {
		Lock event = this.lock.readLock();
		event.lock();
		try {
			if (!this.closed) {
				update.run();
			}
		}
		finally {
			event.unlock();
		}
	}

	private PumpNameMeters nameMeters(ManagedPump pump) {
		PumpNameMeters meters = this.names.get(pump.name());
		if (meters != null) {
			return meters;
		}
		String name = (this.names.size() < this.maxNames) ? pump.name() : PumpMetricsBinder.OVERFLOW_NAME;
		return this.names.computeIfAbsent(name, (key) -> new PumpNameMeters(this.registry, key));
	}

}
