package dev.pump.demo.storage;

import java.time.Instant;

/**
 * What the storage knows about one object.
 *
 * @param key the key
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, lower-case hex
 * @param lastModified when the object was stored
 * @param version an opaque token that changes whenever the object is replaced, so that a
 * read can tell it still reads the object it looked up
 */
public record StoredObject(ObjectKey key, long size, String sha256, Instant lastModified, String version) {

}
