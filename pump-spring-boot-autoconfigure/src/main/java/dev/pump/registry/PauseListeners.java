package dev.pump.registry;

import java.util.Arrays;
import java.util.function.Predicate;

import dev.pump.registry.PumpListener.Pauses;

/**
 * The listeners of a {@link PumpRegistry} that hear pauses, and those that hear resumes,
 * each split by {@link PumpListener#pauses()}: immutable, replaced whole when a listener
 * is added or removed. A pump asks at every pause and every resume whether anyone hears
 * it, so the answer is one field and a bit test.
 *
 * <p>
 * A listener hears resumes only if it overrides {@link PumpListener#resumed}, found by
 * reflection once when it is added (as Netty's {@code ChannelHandlerMask} skips handler
 * methods that are not overridden): the observation hears pauses only, and a call per
 * resume that does nothing still costs the pump.
 */
final class PauseListeners {

	static final PauseListeners NONE = new PauseListeners(new PumpListener[0]);

	private static final int EVERY = 1;

	private static final int SPARSE = 2;

	private final PumpListener[] everyPause;

	private final PumpListener[] sparsePause;

	private final PumpListener[] everyResume;

	private final PumpListener[] sparseResume;

	private final int pausesHeard;

	private final int resumesHeard;

	PauseListeners(PumpListener[] listeners) {
		this.everyPause = select(listeners, Pauses.EVERY, (listener) -> true);
		this.sparsePause = select(listeners, Pauses.POWERS_OF_TWO, (listener) -> true);
		this.everyResume = select(listeners, Pauses.EVERY, PauseListeners::overridesResumed);
		this.sparseResume = select(listeners, Pauses.POWERS_OF_TWO, PauseListeners::overridesResumed);
		this.pausesHeard = mask(this.everyPause, this.sparsePause);
		this.resumesHeard = mask(this.everyResume, this.sparseResume);
	}

	/**
	 * Whether a listener hears a pause.
	 * @param pauseCount which pause of its pump it is, from 1
	 * @return {@code true} if {@link #paused} would call a listener
	 */
	boolean hearsPause(long pauseCount) {
		return hears(this.pausesHeard, pauseCount);
	}

	/**
	 * Whether a listener hears the resume after a pause.
	 * @param pauseCount which pause of its pump it ends, from 1
	 * @return {@code true} if {@link #resumed} would call a listener
	 */
	boolean hearsResume(long pauseCount) {
		return hears(this.resumesHeard, pauseCount);
	}

	void paused(ManagedPump pump) {
		tell(this.everyPause, pump, true);
		if (isPowerOfTwo(pump.pauseCount())) {
			tell(this.sparsePause, pump, true);
		}
	}

	void resumed(ManagedPump pump) {
		tell(this.everyResume, pump, false);
		if (isPowerOfTwo(pump.pauseCount())) {
			tell(this.sparseResume, pump, false);
		}
	}

	private static boolean hears(int heard, long pauseCount) {
		return heard != 0 && ((heard & EVERY) != 0 || isPowerOfTwo(pauseCount));
	}

	private static boolean isPowerOfTwo(long pauseCount) {
		return (pauseCount & (pauseCount - 1)) == 0;
	}

	// Pauses and resumes may come every few buffers: no lambda per event.
	private static void tell(PumpListener[] listeners, ManagedPump pump, boolean paused) {
		for (PumpListener listener : listeners) {
			try {
				if (paused) {
					listener.paused(pump);
				}
				else {
					listener.resumed(pump);
				}
			}
			catch (RuntimeException ex) {
				PumpRegistry.failed(listener, ex);
			}
		}
	}

	private static PumpListener[] select(PumpListener[] listeners, Pauses pauses, Predicate<PumpListener> also) {
		return Arrays.stream(listeners)
			.filter((listener) -> listener.pauses() == pauses && also.test(listener))
			.toArray(PumpListener[]::new);
	}

	private static int mask(PumpListener[] every, PumpListener[] sparse) {
		return ((every.length > 0) ? EVERY : 0) | ((sparse.length > 0) ? SPARSE : 0);
	}

	private static boolean overridesResumed(PumpListener listener) {
		try {
			return listener.getClass()
				.getMethod("resumed", ManagedPump.class)
				.getDeclaringClass() != PumpListener.class;
		}
		catch (NoSuchMethodException | SecurityException ex) {
			return true;
		}
	}

}
