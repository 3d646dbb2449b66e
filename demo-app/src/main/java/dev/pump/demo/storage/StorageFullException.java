package dev.pump.demo.storage;

import java.io.IOException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the storage has no space left for an object.
 */
public class StorageFullException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param cause the storage's own error
	 */
	public StorageFullException(Throwable cause) {
		super("Storage is full", cause);
	}

	/**
	 * Whether a failure, or one of its causes, says the storage is full: a
	 * {@code StorageFullException}, or an I/O error of the operating system such as
	 * {@code ENOSPC} ("No space left on device") or {@code EDQUOT}.
	 * @param failure the failure
	 * @return {@code true} if the storage is full
	 */
	public static boolean isStorageFull(@Nullable Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof StorageFullException || isOutOfSpace(current)) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	private static boolean isOutOfSpace(Throwable failure) {
		String message = failure.getMessage();
		if (!(failure instanceof IOException) || message == null) {
			return false;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		return lower.contains("no space left on device") || lower.contains("disk quota exceeded");
	}

}
