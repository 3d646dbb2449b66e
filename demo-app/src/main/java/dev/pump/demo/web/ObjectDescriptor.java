package dev.pump.demo.web;

import java.time.Instant;

import dev.pump.demo.storage.StoredObject;

/**
 * An entry of the listing of {@code GET /files}.
 *
 * @param key the key
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, lower-case hex
 * @param lastModified when the object was stored
 */
public record ObjectDescriptor(String key, long size, String sha256, Instant lastModified) {

	static ObjectDescriptor of(StoredObject object) {
		return new ObjectDescriptor(object.key().value(), object.size(), object.sha256(), object.lastModified());
	}

}
