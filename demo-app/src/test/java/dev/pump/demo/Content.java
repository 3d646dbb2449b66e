package dev.pump.demo;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic pseudo-random test content of any size, generated as it is read, so a
 * test can upload more than the heap and check it by streaming digest.
 *
 * @param seed the seed
 * @param size the size in bytes
 */
public record Content(long seed, long size) {

	/**
	 * Return a stream of the content.
	 * @return a new stream
	 */
	public InputStream stream() {
		return new Generator(this.seed, this.size);
	}

	/**
	 * Return the content as bytes; for small content only.
	 * @return the bytes
	 */
	public byte[] bytes() {
		try (InputStream in = stream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the SHA-256 of the content, computed by streaming.
	 * @return the digest in lower-case hex
	 */
	public String sha256() {
		return sha256(stream());
	}

	/**
	 * Return the SHA-256 of a stream, read to its end and closed.
	 * @param in the stream
	 * @return the digest in lower-case hex
	 */
	public static String sha256(InputStream in) {
		try (in) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] chunk = new byte[64 * 1024];
			for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
				digest.update(chunk, 0, n);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class Generator extends InputStream {

		private long state;

		private long remaining;

		Generator(long seed, long size) {
			this.state = seed * 0x9E3779B97F4A7C15L + 1;
			this.remaining = size;
		}

		@Override
		public int read() {
			if (this.remaining <= 0) {
				return -1;
			}
			this.remaining--;
			return (int) (next() & 0xFF);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) {
			if (this.remaining <= 0) {
				return -1;
			}
			int n = (int) Math.min(length, this.remaining);
			for (int i = 0; i < n; i++) {
				bytes[offset + i] = (byte) next();
			}
			this.remaining -= n;
			return n;
		}

		private long next() {
			// xorshift64: fast, deterministic, no repeating block a bug could hide in.
			this.state ^= this.state << 13;
			this.state ^= this.state >>> 7;
			this.state ^= this.state << 17;
			return this.state >>> 24;
		}

	}

}
