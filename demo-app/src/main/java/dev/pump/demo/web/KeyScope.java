package dev.pump.demo.web;

import dev.pump.demo.storage.ObjectKey;

/**
 * The keys that the client of one request may touch. The files API checks every key it
 * reads, writes or deletes against it, and lists only the keys it permits.
 */
@FunctionalInterface
public interface KeyScope {

	/**
	 * Return whether the client may touch a key.
	 * @param key the key
	 * @return whether the key is in scope
	 */
	boolean permits(ObjectKey key);

	/**
	 * Return the scope of every key.
	 * @return the scope
	 */
	static KeyScope all() {
		return (key) -> true;
	}

	/**
	 * Return the scope of the keys that start with a prefix, as an object store's prefix:
	 * {@code alice/} holds {@code alice/a.txt}, while {@code alice} also holds
	 * {@code alice2/a.txt}. Keys are validated (no {@code ..} segment, no encoded
	 * separator), so a key in the scope cannot name anything outside of it.
	 * @param prefix the prefix
	 * @return the scope
	 */
	static KeyScope prefix(String prefix) {
		return (key) -> key.value().startsWith(prefix);
	}

}
