package dev.pump.demo.tus;

import java.time.Instant;

/**
 * The state of a resumable upload, as kept in its sidecar file.
 *
 * @param id the upload's id, its last path segment
 * @param key the key of the object it makes
 * @param length the announced length in bytes, or {@code -1} while deferred
 * @param offset how many bytes are stored, forced to disk
 * @param metadata the {@code Upload-Metadata} header as sent, or an empty string
 * @param expires when the upload expires unless it goes on
 */
record TusUpload(String id, String key, long length, long offset, String metadata, Instant expires) {

	static final long DEFERRED = -1;

	boolean isLengthDeferred() {
		return this.length == DEFERRED;
	}

	boolean isComplete() {
		return this.length == this.offset;
	}

	boolean isExpired(Instant now) {
		return !isComplete() && now.isAfter(this.expires);
	}

	TusUpload withOffset(long newOffset) {
		return new TusUpload(this.id, this.key, this.length, newOffset, this.metadata, this.expires);
	}

	TusUpload withLength(long newLength) {
		return new TusUpload(this.id, this.key, newLength, this.offset, this.metadata, this.expires);
	}

	TusUpload withExpires(Instant newExpires) {
		return new TusUpload(this.id, this.key, this.length, this.offset, this.metadata, newExpires);
	}

}
