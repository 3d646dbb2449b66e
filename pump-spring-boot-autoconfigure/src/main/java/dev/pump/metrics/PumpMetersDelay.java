package dev.pump.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.pump.registry.ManagedPump;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Gives live pumps meters of their own only once they have run for a while: a sweep every
 * delay, while pumps without meters are live, hands on those it already saw at the sweep
 * before (so each has run for one to two delays).
 * <p>
 * Why: registering and removing a pump's three meters costs more than the pump itself
 * does to move a small file (about 0.8 µs per transfer with a
 * {@code SimpleMeterRegistry}, more with Prometheus's), and no scrape would have seen a
 * pump that ends sooner; it still counts in the meters of its name. Why a sweep of the
 * live pumps rather than a timer per pump: a transfer then costs nothing here, and a
 * finished pump is not held until its timer.
 */
final class PumpMetersDelay {

	private final long periodNanos;

	private final Scheduler scheduler;

	private final Supplier<? extends Collection<ManagedPump>> live;

	private final Predicate<ManagedPump> hasMeters;

	private final Consumer<ManagedPump> due;

	private volatile boolean sweeping;

	private @Nullable Disposable task;

	private volatile boolean closed;

	// Ids of the pumps without meters that the last sweep saw: the sweep's own.
	private Set<String> seen = Set.of();

	/**
	 * Create a delay.
	 * @param delay the period of the sweeps, positive
	 * @param scheduler where the sweeps run
	 * @param live the live pumps
	 * @param hasMeters whether a pump has meters of its own already
	 * @param due what to do with a pump that has run long enough
	 */
	PumpMetersDelay(Duration delay, Scheduler scheduler, Supplier<? extends Collection<ManagedPump>> live,
			Predicate<ManagedPump> hasMeters, Consumer<ManagedPump> due) {
		this.periodNanos = delay.toNanos();
		this.scheduler = scheduler;
		this.live = live;
		this.hasMeters = hasMeters;
		this.due = due;
	}

	/**
	 * A pump started: make sure that sweeps run.
	 */
	void started() {
		if (!this.sweeping && !this.closed) {
			startSweeps();
		}
	}

	/**
	 * Stop sweeping for good.
	 */
	void close() {
		this.closed = true;
		stopSweeps();
	}

	// The pumps due are handed on outside the monitor: adding meters takes the
	// listener's lock, under which pumps start and call started().
	private void sweep() {
		dueNow().forEach(this.due);
	}

	private synchronized List<ManagedPump> dueNow() {
		List<ManagedPump> dueNow = new ArrayList<>();
		Set<String> seenNow = new HashSet<>();
		for (ManagedPump pump : this.live.get()) {
			if (this.closed || pump.state().isFinished() || this.hasMeters.test(pump)) {
				continue;
			}
			if (this.seen.contains(pump.id())) {
				dueNow.add(pump);
			}
			else {
				seenNow.add(pump.id());
			}
		}
		this.seen = seenNow;
		if (seenNow.isEmpty()) {
			stopSweeps();
			// A pump that started after the loop above found the sweeps still on.
			if (this.live.get().stream().anyMatch((pump) -> !this.hasMeters.test(pump))) {
				startSweeps();
			}
		}
		return dueNow;
	}

	private synchronized void startSweeps() {
		if (this.sweeping || this.closed) {
			return;
		}
		try {
			this.task = this.scheduler.schedulePeriodically(this::sweep, this.periodNanos, this.periodNanos,
					TimeUnit.NANOSECONDS);
			this.sweeping = true;
		}
		catch (RejectedExecutionException ex) {
			// The scheduler is shut down with the application: no more meters to add.
		}
	}

	private synchronized void stopSweeps() {
		Disposable current = this.task;
		if (current != null) {
			current.dispose();
			this.task = null;
		}
		this.sweeping = false;
	}

}
