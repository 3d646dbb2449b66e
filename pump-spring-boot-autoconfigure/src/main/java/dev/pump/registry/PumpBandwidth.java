package dev.pump.registry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.PumpThrottle;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The {@link PumpThrottle} of one managed pump: its own limit, which may change while it
 * runs, and the limits it shares with other pumps (all pumps, pumps of its name). Each
 * budget the pump spends is taken from every bucket; the pump waits for the slowest.
 * Asked once per budget, never per item: unlimited, a budget is
 * {@link #UNLIMITED_BUDGET}.
 */
final class PumpBandwidth implements PumpThrottle {

	/**
	 * Budget granted when no limit applies: the pump asks again after this many bytes, so
	 * that a limit set at run time applies within it.
	 */
	static final long UNLIMITED_BUDGET = 1024 * 1024;

	// A wait shorter than this is not worth a pause (and a timer): the pump goes a little
	// into debt instead, and pauses once the debt is worth a millisecond or more.
	private static final long MIN_WAIT_NANOS = 1_000_000;

	private final TokenBucket[] shared;

	private final long burst;

	private final Scheduler scheduler;

	private volatile @Nullable TokenBucket own;

	// The resume of a held pump, taken by whoever runs it first: the timer or a new
	// limit.
	private final AtomicReference<@Nullable Runnable> waiting = new AtomicReference<>();

	private volatile @Nullable Disposable timer;

	// Whether the bytes told at the next ask were moved under a limit: not until a
	// limit is first set on a pump that had none. A plain field: only the thread that
	// delivers items asks, one call at a time; limits are never removed.
	private boolean charging;

	PumpBandwidth(long bytesPerSecond, TokenBucket[] shared, long burst, Scheduler scheduler) {
		this.shared = shared;
		this.burst = burst;
		this.scheduler = scheduler;
		this.own = (bytesPerSecond > 0) ? new TokenBucket(bytesPerSecond, burst) : null;
		this.charging = this.own != null || shared.length > 0;
	}

	long bytesPerSecond() {
		TokenBucket bucket = this.own;
		return (bucket != null) ? bucket.bytesPerSecond() : 0;
	}

	synchronized void limit(long bytesPerSecond) {
		BandwidthLimits.positive(bytesPerSecond);
		TokenBucket bucket = this.own;
		if (bucket != null) {
			bucket.replace(bytesPerSecond);
		}
		else {
			this.own = new TokenBucket(bytesPerSecond, this.burst);
		}
		Runnable resume = this.waiting.get();
		if (resume != null) {
			cancelTimer();
			waitOrRun(resume);
		}
	}

	@Override
	public long acquire(long bytes, Runnable resume) {
		TokenBucket bucket = this.own;
		if (bucket == null && this.shared.length == 0) {
			return UNLIMITED_BUDGET;
		}
		return acquireLimited(bucket, bytes, resume);
	}

	// Apart from acquire() so that acquire() stays under the JIT's inlining size (35
	// bytes of bytecode for a call that is not hot): unlimited, the pump's call to it is
	// inlined, measured in PumpBenchmark by -XX:+PrintInlining.
	private long acquireLimited(@Nullable TokenBucket bucket, long moved, Runnable resume) {
		// Bytes moved under an unlimited budget are not charged to a limit set since.
		long bytes = this.charging ? moved : 0;
		this.charging = true;
		long budget = Long.MAX_VALUE;
		long wait = 0;
		// Each bucket's content is read once: a read is a clock read and a Bucket4j
		// state.
		if (bucket != null) {
			bucket.consume(bytes);
			long available = bucket.available();
			budget = Math.min(budget, budget(bucket, available));
			wait = waitFor(bucket, available, 0);
		}
		for (TokenBucket sharedBucket : this.shared) {
			sharedBucket.consume(bytes);
			long available = sharedBucket.available();
			budget = Math.min(budget, budget(sharedBucket, available));
			wait = waitFor(sharedBucket, available, wait);
		}
		if (wait >= MIN_WAIT_NANOS) {
			hold(resume, wait);
			return 0;
		}
		return (budget == Long.MAX_VALUE) ? UNLIMITED_BUDGET : Math.max(budget, 1);
	}

	void close() {
		// Most pumps never wait: a read spares them the fence of a write at every finish.
		if (this.waiting.get() != null) {
			this.waiting.set(null);
		}
		cancelTimer();
	}

	private synchronized void hold(Runnable resume, long nanos) {
		this.waiting.set(resume);
		schedule(resume, nanos);
	}

	private void waitOrRun(Runnable resume) {
		long wait = waitFor(this.own, 0);
		for (TokenBucket sharedBucket : this.shared) {
			wait = waitFor(sharedBucket, wait);
		}
		if (wait > 0) {
			schedule(resume, wait);
		}
		else {
			runOnce(resume);
		}
	}

	private void schedule(Runnable resume, long nanos) {
		this.timer = this.scheduler.schedule(() -> runOnce(resume), nanos, TimeUnit.NANOSECONDS);
	}

	private void runOnce(Runnable resume) {
		if (this.waiting.compareAndSet(resume, null)) {
			resume.run();
		}
	}

	private void cancelTimer() {
		Disposable pending = this.timer;
		if (pending != null) {
			pending.dispose();
		}
	}

	// What is in the bucket, or a millisecond of its rate: the most the pump may go into
	// debt without a pause (see MIN_WAIT_NANOS), which keeps fast pumps from asking
	// often.
	private static long budget(TokenBucket bucket, long available) {
		return Math.max(available, bucket.bytesPerSecond() / 1000);
	}

	private static long waitFor(@Nullable TokenBucket bucket, long wait) {
		return (bucket != null) ? waitFor(bucket, bucket.available(), wait) : wait;
	}

	private static long waitFor(TokenBucket bucket, long available, long wait) {
		return (available > 0) ? wait : Math.max(wait, bucket.nanosToWait());
	}

}
