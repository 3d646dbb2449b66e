package dev.pump;

/**
 * Where a {@link Pump} is in its life, as the {@code pumps} actuator endpoint shows it
 * (in lower case).
 */
public enum PumpState {

	/**
	 * Created, not started yet.
	 */
	NEW,

	/**
	 * Started and moving items.
	 */
	RUNNING,

	/**
	 * Started, with the read stream paused by flow control until the write stream drains.
	 */
	PAUSED,

	/**
	 * Detached by {@link Pump#stop()}; {@link Pump#start()} continues.
	 */
	STOPPED,

	/**
	 * The read stream has ended; waiting for the write stream's {@code end()}.
	 */
	ENDING,

	/**
	 * Finished: the write stream has ended.
	 */
	SUCCEEDED,

	/**
	 * Finished: a stream failed.
	 */
	FAILED,

	/**
	 * Finished: cancelled.
	 */
	CANCELLED;

	/**
	 * Whether this state is final.
	 * @return {@code true} for the states of a finished pump
	 */
	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
