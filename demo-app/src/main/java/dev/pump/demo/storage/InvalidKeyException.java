package dev.pump.demo.storage;

/**
 * Thrown when a key breaks the rules of {@link ObjectKey}. The message says which rule,
 * never repeats the key.
 */
public class InvalidKeyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param reason the rule that was broken
	 */
	public InvalidKeyException(String reason) {
		super(reason);
	}

}
