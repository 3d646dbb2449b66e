package dev.pump;

/**
 * How a pump finished.
 */
public enum PumpOutcome {

	/**
	 * The read stream ended and the write stream's {@code end()} completed.
	 */
	SUCCESS,

	/**
	 * One of the streams failed.
	 */
	FAILURE,

	/**
	 * The pump was cancelled.
	 */
	CANCELLED

}
