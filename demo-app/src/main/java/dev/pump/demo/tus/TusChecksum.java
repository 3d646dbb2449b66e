package dev.pump.demo.tus;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Upload-Checksum} of one PATCH: fed with the chunk as it is written, then
 * compared with the expected digest.
 */
final class TusChecksum {

	private final MessageDigest digest;

	private final byte[] expected;

	private TusChecksum(MessageDigest digest, byte[] expected) {
		this.digest = digest;
		this.expected = expected;
	}

	/**
	 * Parse an {@code Upload-Checksum} header: an algorithm and a Base64 digest.
	 * @param header the header, or {@code null}
	 * @return the checksum, or {@code null} if there is no header
	 * @throws org.springframework.web.ErrorResponseException 400 if it is malformed or
	 * names another algorithm
	 */
	static @Nullable TusChecksum parse(@Nullable String header) {
		if (header == null) {
			return null;
		}
		String[] parts = header.strip().split(" ");
		if (parts.length != 2) {
			throw TusProblems.badRequest("Upload-Checksum must be an algorithm and a Base64 digest");
		}
		String algorithm = switch (parts[0]) {
			case "sha1" -> "SHA-1";
			case "sha256" -> "SHA-256";
			default -> throw TusProblems.unsupportedChecksum();
		};
		try {
			return new TusChecksum(MessageDigest.getInstance(algorithm), Base64.getDecoder().decode(parts[1]));
		}
		catch (IllegalArgumentException ex) {
			throw TusProblems.badRequest("Upload-Checksum digest must be Base64");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Feed bytes of the chunk, in order (the file's write observer).
	 * @param bytes the bytes
	 */
	void update(ByteBuffer bytes) {
		this.digest.update(bytes.duplicate());
	}

	boolean matches() {
		return MessageDigest.isEqual(this.digest.digest(), this.expected);
	}

}
