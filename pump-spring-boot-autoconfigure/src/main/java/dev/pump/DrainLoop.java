package dev.pump;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Serialises a stream's delivery work that several threads may ask for at once (items
 * pushed, a resume, a drain, an end): the work-in-progress counter of Reactor's
 * operators, written once for every stream of the project.
 *
 * <p>
 * {@link #drain()} runs the work on the calling thread unless another thread is running
 * it; that thread then runs it once more before it leaves, so no request is lost and the
 * work never runs on two threads at once. The work must therefore look at the stream's
 * whole state each time, not at what the caller asked for. No lock is held while the work
 * runs, so it may call handlers that re-enter the stream: their {@code drain()} returns
 * at once and the loop goes round again.
 */
public final class DrainLoop {

	private static final AtomicIntegerFieldUpdater<DrainLoop> WIP = AtomicIntegerFieldUpdater
		.newUpdater(DrainLoop.class, "wip");

	private final Runnable work;

	private volatile int wip;

	/**
	 * Create a loop.
	 * @param work the delivery work; it must not throw
	 */
	public DrainLoop(Runnable work) {
		this.work = Objects.requireNonNull(work, "work");
	}

	/**
	 * Run the work now, or leave it to the thread that is running it.
	 */
	public void drain() {
		if (WIP.getAndIncrement(this) != 0) {
			return;
		}
		int missed = 1;
		do {
			try {
				this.work.run();
			}
			catch (RuntimeException | Error ex) {
				// A failing work must not leave the loop owned by nobody: the next
				// drain() runs it again.
				this.wip = 0;
				throw ex;
			}
			missed = WIP.addAndGet(this, -missed);
		}
		while (missed != 0);
	}

	/**
	 * Whether a thread is running the work right now.
	 * @return {@code true} while the work runs
	 */
	public boolean isRunning() {
		return this.wip != 0;
	}

}
