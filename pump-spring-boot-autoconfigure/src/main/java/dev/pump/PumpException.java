package dev.pump;

import java.util.Objects;

/**
 * Why a {@link Pump} failed: the failure of one of its streams, as the cause, and the
 * side it came from.
 */
public class PumpException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * The side of a pump.
	 */
	public enum Side {

		/**
		 * The read stream failed.
		 */
		READ,

		/**
		 * The write stream failed.
		 */
		WRITE

	}

	private final Side side;

	/**
	 * Create an exception for the failure of one side.
	 * @param side the side that failed
	 * @param cause the stream's own error
	 */
	public PumpException(Side side, Throwable cause) {
		super(side.name().toLowerCase(java.util.Locale.ROOT) + " stream failed: " + cause.getMessage(),
				Objects.requireNonNull(cause, "cause"));
		this.side = side;
	}

	/**
	 * Return the side that failed.
	 * @return the side
	 */
	public Side side() {
		return this.side;
	}

}
