package dev.pump.demo.storage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The validated key of a stored object: {@code /}-separated segments of letters, digits,
 * {@code .}, {@code _} and {@code -}, no empty segment, no {@code .} or {@code ..}
 * segment, at most {@value #MAX_LENGTH} characters. A key can therefore never name a path
 * outside the storage, nor one of the storage's own files.
 */
public final class ObjectKey implements Comparable<ObjectKey> {

	/**
	 * Maximum length of a key, in characters.
	 */
	public static final int MAX_LENGTH = 1024;

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

	private final String value;

	private ObjectKey(String value) {
		this.value = value;
	}

	/**
	 * Validate a key.
	 * @param value the key
	 * @return the key
	 * @throws InvalidKeyException if the key breaks a rule
	 */
	public static ObjectKey of(String value) {
		if (value.isEmpty()) {
			throw new InvalidKeyException("Key is empty");
		}
		if (value.length() > MAX_LENGTH) {
			throw new InvalidKeyException("Key is longer than " + MAX_LENGTH + " characters");
		}
		for (String segment : value.split("/", -1)) {
			checkSegment(segment);
		}
		return new ObjectKey(value);
	}

	private static void checkSegment(String segment) {
		if (segment.isEmpty()) {
			throw new InvalidKeyException("Key has an empty segment");
		}
		if (segment.equals(".") || segment.equals("..")) {
			throw new InvalidKeyException("Key has a '.' or '..' segment");
		}
		if (!SEGMENT.matcher(segment).matches()) {
			throw new InvalidKeyException("Key segments may only hold letters, digits, '.', '_' and '-'");
		}
	}

	/**
	 * Return the segments of the key.
	 * @return the segments, never empty
	 */
	public List<String> segments() {
		return List.of(this.value.split("/"));
	}

	/**
	 * Return the key as a string.
	 * @return the key
	 */
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(ObjectKey other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ObjectKey key) && this.value.equals(key.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
