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

	// By pump, not by id: a pump's hash is cheaper than its id's (see the registry).
	private final Map<ManagedPump, LivePumpMeters> pumps = new ConcurrentHashMap<>();

	private final AtomicInteger pumpsWithMeters = new AtomicInteger();

	// Meters are added under the read lock, and only while open; close() takes the write
	// lock, so no meter is added after it. Most events add none (a pump of a known name,
	// without meters of its own yet) and take no lock: an eighth of a metered transfer's
	// fixed cost in PumpTransferBenchmark. What they do after close() touches meters that
	// are already removed, which is harmless.
	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private volatile boolean closed;

	private final @Nullable PumpMetersDelay delay;

	PumpMetersListener(MeterRegistry registry, int maxPumpsWithMeters, int maxNames, Duration perPumpDelay,
			Scheduler scheduler, Supplier<? extends Collection<ManagedPump>> live) {
		this.registry = registry;
		this.maxPumpsWithMeters = maxPumpsWithMeters;
		this.maxNames = maxNames;
		this.delay = (perPumpDelay.isZero() || maxPumpsWithMeters <= 0) ? null : new PumpMetersDelay(perPumpDelay,
				scheduler, live, (pump) -> this.pumps.containsKey(pump), this::addPumpMeters);
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
		PumpNameMeters nameMeters = nameMeters(pump);
		// A pump that starts while the binder binds is heard twice: count it once.
		if (nameMeters == null || !nameMeters.add(pump)) {
			return;
		}
		if (this.delay != null) {
			this.delay.started();
		}
		else {
			addPumpMeters(pump);
		}
	}

	private void addPumpMeters(ManagedPump pump) {
		whileOpen(() -> addPumpMetersNow(pump));
	}

	private @Nullable LivePumpMeters addPumpMetersNow(ManagedPump pump) {
		if (this.pumpsWithMeters.incrementAndGet() > this.maxPumpsWithMeters) {
			this.pumpsWithMeters.decrementAndGet();
			return null;
		}
		LivePumpMeters meters = new LivePumpMeters(this.registry, pump);
		this.pumps.put(pump, meters);
		// Finished while its meters were made: its finish found none to remove.
		if (pump.state().isFinished() && this.pumps.remove(pump, meters)) {
			meters.remove();
			this.pumpsWithMeters.decrementAndGet();
		}
		return meters;
	}

	@Override
	public void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
		LivePumpMeters meters = this.pumps.remove(pump);
		if (meters != null) {
			meters.remove();
			this.pumpsWithMeters.decrementAndGet();
		}
		PumpNameMeters nameMeters = nameMeters(pump);
		if (nameMeters == null) {
			return;
		}
		nameMeters.finish(pump, snapshot.bytes(), snapshot.pauses());
		PumpOutcome outcome = (snapshot.outcome() != null) ? snapshot.outcome() : PumpOutcome.FAILURE;
		Duration duration = (snapshot.duration() != null) ? snapshot.duration() : Duration.ZERO;
		nameMeters.transferred(outcome, duration);
	}

	/**
	 * Remove every meter of pumps from the registry and ignore further events.
	 */
	void close() {
		// Before the lock: a sweep under way takes it to add
		// meters, and close() waits for that sweep.
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

	private <T> @Nullable T whileOpen(Supplier<@Nullable T> update) {
		Lock adding = this.lock.readLock();
		adding.lock();
		try {
			return this.closed ? null : update.get();
		}
		finally {
			adding.unlock();
		}
	}

	// Null once closed.
	private @Nullable PumpNameMeters nameMeters(ManagedPump pump) {
		PumpNameMeters meters = this.names.get(pump.name());
		if (meters != null) {
			return meters;
		}
		return whileOpen(() -> {
			String name = (this.names.size() < this.maxNames) ? pump.name() : PumpMetricsBinder.OVERFLOW_NAME;
			return this.names.computeIfAbsent(name, (key) -> new PumpNameMeters(this.registry, key));
		});
	}

}
