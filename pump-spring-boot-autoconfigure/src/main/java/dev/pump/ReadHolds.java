package dev.pump;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The holds a pump keeps on its read stream, changed by compare-and-set: flow control
 * (the write queue is full) and a {@link PumpThrottle} (its budget is spent). The read
 * stream is paused while any hold is set. A hold is set only after
 * {@code readStream.pause()}, and the one who clears the last hold resumes it: so the
 * read stream is resumed once and never left paused, whichever threads the drains and
 * throttle timers come on.
 *
 * <p>
 * The base class of {@link DefaultPump} rather than a field of it: the pump asks
 * {@link #isHeld(int)} after every item, and its own field spares a load per item.
 */
abstract class ReadHolds {

	static final int FLOW = 1;

	static final int THROTTLE = 2;

	// The throttle lifted its hold before the pump had set it: the hold is not to be set.
	private static final int THROTTLE_LIFTED = 4;

	private static final int ANY_HOLD = FLOW | THROTTLE;

	private static final VarHandle HOLDS;

	static {
		try {
			HOLDS = MethodHandles.lookup().findVarHandle(ReadHolds.class, "holds", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ReadStream<?> readStream;

	private volatile int holds;

	protected ReadHolds(ReadStream<?> readStream) {
		this.readStream = readStream;
	}

	final boolean isHeld(int reason) {
		return (this.holds & reason) != 0;
	}

	/**
	 * Drop every hold without resuming: the pump is over.
	 */
	final void clearHolds() {
		this.holds = 0;
	}

	/**
	 * Set a hold; on the delivering thread. Pauses before the hold is visible, so that
	 * whoever lifts the last hold resumes a stream that is already paused.
	 * @param reason {@link #FLOW} or {@link #THROTTLE}
	 */
	final void hold(int reason) {
		while (true) {
			int current = this.holds;
			if (reason == THROTTLE && (current & THROTTLE_LIFTED) != 0) {
				if (HOLDS.compareAndSet(this, current, current & ~THROTTLE_LIFTED)) {
					return;
				}
				continue;
			}
			if ((current & ANY_HOLD) == 0) {
				this.readStream.pause();
			}
			if (HOLDS.compareAndSet(this, current, current | reason)) {
				return;
			}
		}
	}

	/**
	 * Clear a hold, without resuming yet (see {@link #resumeUnlessHeld(int)}). A throttle
	 * that lifts before its hold is set leaves a mark, so that the hold is not set.
	 * @param reason {@link #FLOW} or {@link #THROTTLE}
	 * @return the holds left, or {@code -1} if this hold was not set (nothing to resume)
	 */
	final int lift(int reason) {
		while (true) {
			int current = this.holds;
			boolean set = (current & reason) != 0;
			if (!set && reason != THROTTLE) {
				return -1;
			}
			int next = set ? current & ~reason : current | THROTTLE_LIFTED;
			if (HOLDS.compareAndSet(this, current, next)) {
				return set ? next : -1;
			}
		}
	}

	/**
	 * Resume the read stream if the lift that returned {@code holdsLeft} cleared the last
	 * hold.
	 * @param holdsLeft what {@link #lift(int)} returned
	 */
	final void resumeUnlessHeld(int holdsLeft) {
		if (holdsLeft >= 0 && (holdsLeft & ANY_HOLD) == 0) {
			this.readStream.resume();
		}
	}

}
