package dev.pump.demo.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of an object's content, fed by the storage as it writes the content.
 *
 * <p>
 * The caller of {@link Storage#openWrite(ObjectKey, ContentDigest)} creates it and reads
 * {@link #sha256()} once the write stream's {@code end()} has completed; the storage
 * updates it, in content order, on whatever thread suits it best (the filesystem storage
 * does it on the thread that writes the file, beside the I/O). One thread at a time
 * updates it; the storage's own hand-offs order those updates and the end.
 */
public final class ContentDigest {

	private final MessageDigest digest = newDigest();

	private @Nullable String sha256;

	/**
	 * Add bytes to the digest: the remaining bytes of the buffer, which are consumed.
	 * @param bytes the next bytes of the content
	 * @throws IllegalStateException once {@link #sha256()} has been called
	 */
	public void update(ByteBuffer bytes) {
		checkOpen();
		this.digest.update(bytes);
	}

	/**
	 * Add bytes to the digest.
	 * @param bytes the next bytes of the content
	 * @throws IllegalStateException once {@link #sha256()} has been called
	 */
	public void update(byte[] bytes) {
		checkOpen();
		this.digest.update(bytes);
	}

	/**
	 * Finish the digest, on the first call, and return it; the content is complete.
	 * @return the SHA-256 in lower-case hex
	 */
	public String sha256() {
		String hex = this.sha256;
		if (hex == null) {
			hex = HexFormat.of().formatHex(this.digest.digest());
			this.sha256 = hex;
		}
		return hex;
	}

	private void checkOpen() {
		if (this.sha256 != null) {
			throw new IllegalStateException("Digest is finished");
		}
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
