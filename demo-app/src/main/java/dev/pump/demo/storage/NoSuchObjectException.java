package dev.pump.demo.storage;

import java.io.IOException;

/**
 * Thrown when an object does not exist, or was replaced or deleted since it was looked
 * up.
 */
public class NoSuchObjectException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient ObjectKey key;

	/**
	 * Create an exception.
	 * @param key the key of the object
	 */
	public NoSuchObjectException(ObjectKey key) {
		super("No such object");
		this.key = key;
	}

	/**
	 * Return the key of the missing object.
	 * @return the key
	 */
	public ObjectKey key() {
		return this.key;
	}

}
