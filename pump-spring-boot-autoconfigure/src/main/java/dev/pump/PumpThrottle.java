package dev.pump;

/**
 * Paces a pump: how bandwidth limits hold the read side of a pump without wrapping its
 * streams, so they work whatever the streams are. The pump tells the bytes it has written
 * and asks how many more it may write; the throttle answers with a budget, or with none,
 * and then lifts the hold later.
 *
 * <h2>Protocol</h2> The pump calls {@link #acquire(long, Runnable)} on the thread that
 * delivers items, once its last budget is spent (so not per item when budgets are large).
 * A positive answer is the next budget in bytes. An answer of zero or less pauses the
 * read stream; the throttle must then run {@code resume} exactly once, on any thread,
 * when reading may go on (it may run it before {@code acquire} has even returned). A
 * throttle must be fast and must not throw.
 */
@FunctionalInterface
public interface PumpThrottle {

	/**
	 * A throttle that never holds a pump: one budget as large as a {@code long}.
	 */
	PumpThrottle NONE = (bytes, resume) -> Long.MAX_VALUE;

	/**
	 * Account for the bytes written since the last call and grant the next budget.
	 * @param bytes the bytes the pump wrote since the last call
	 * @param resume what to run once the pump may read again, if this returns zero or
	 * less; never to run otherwise
	 * @return the bytes the pump may write before it calls again, or zero or less to
	 * pause its read stream until {@code resume} runs
	 */
	long acquire(long bytes, Runnable resume);

}
