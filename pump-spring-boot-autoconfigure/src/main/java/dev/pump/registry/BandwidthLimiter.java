package dev.pump.registry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Applies {@link BandwidthLimits} to managed pumps: one token bucket (Bucket4j) per
 * limited pump, one for all pumps and one per limited name, shared by the pumps they
 * cover. A pump over its budget pauses its read stream, so memory stays within its write
 * queue; a timer of the {@link Scheduler} resumes it when the budget allows. Bursts are
 * at most one write queue (the capacity of each bucket) plus a millisecond of the rate (a
 * shorter wait is not worth a pause).
 *
 * <p>
 * Bucket4j is used rather than a hand-written bucket: it is asked once per budget (up to
 * a write queue of bytes), not per item, so its cost does not show per buffer.
 */
public final class BandwidthLimiter {

	private final BandwidthLimits limits;

	private final long burst;

	private final Scheduler scheduler;

	private final @Nullable TokenBucket total;

	private final TokenBucket[] sharedByAll;

	private final Map<String, TokenBucket> totalByName = new ConcurrentHashMap<>();

	/**
	 * Create a limiter whose timers run on Reactor's parallel scheduler.
	 * @param limits the limits
	 * @param burst the most bytes a pump may write at once above its rate: its write
	 * queue
	 */
	public BandwidthLimiter(BandwidthLimits limits, long burst) {
		this(limits, burst, Schedulers.parallel());
	}

	/**
	 * Create a limiter.
	 * @param limits the limits
	 * @param burst the most bytes a pump may write at once above its rate: its write
	 * queue
	 * @param scheduler runs the timers that resume held pumps
	 */
	public BandwidthLimiter(BandwidthLimits limits, long burst, Scheduler scheduler) {
		this.limits = Objects.requireNonNull(limits, "limits");
		this.burst = BandwidthLimits.positive(burst);
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.total = (limits.total() > 0) ? new TokenBucket(limits.total(), burst) : null;
		this.sharedByAll = (this.total != null) ? new TokenBucket[] { this.total } : new TokenBucket[0];
	}

	/**
	 * Return a limiter that limits nothing until a pump's own limit is set.
	 * @param burst the most bytes a pump may write at once above its rate
	 * @return the limiter
	 */
	public static BandwidthLimiter unlimited(long burst) {
		return new BandwidthLimiter(BandwidthLimits.unlimited(), burst);
	}

	/**
	 * Return the limits applied.
	 * @return the limits
	 */
	public BandwidthLimits limits() {
		return this.limits;
	}

	PumpBandwidth forPump(String name) {
		return new PumpBandwidth(this.limits.perPump(name), shared(name), this.burst, this.scheduler);
	}

	// Without a limit for the name (the usual case), every pump shares the same array.
	private TokenBucket[] shared(String name) {
		long nameTotal = this.limits.total(name);
		if (nameTotal <= 0) {
			return this.sharedByAll;
		}
		TokenBucket byName = this.totalByName.computeIfAbsent(name, (key) -> new TokenBucket(nameTotal, this.burst));
		return (this.total != null) ? new TokenBucket[] { this.total, byName } : new TokenBucket[] { byName };
	}

}
