package dev.pump.demo.storage;

import java.io.IOException;

/**
 * Thrown when a key cannot be stored because it clashes with the shape of existing keys:
 * {@code a/b} cannot exist while {@code a} is an object, and the other way round.
 */
public class ObjectConflictException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param cause the storage's own error
	 */
	public ObjectConflictException(Throwable cause) {
		super("Key clashes with an existing key", cause);
	}

}
