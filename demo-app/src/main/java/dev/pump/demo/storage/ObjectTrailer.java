package dev.pump.demo.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The fixed-size trailer that the filesystem storage appends to the content of every
 * object file: a marker line and the SHA-256 of the content. Keeping the digest inside
 * the data file means one atomic rename publishes content and digest together, on any
 * filesystem, so a reader can never see an object with a missing or stale digest (a
 * sidecar file would need two renames; extended attributes are not supported everywhere).
 */
final class ObjectTrailer {

	private static final byte[] MARKER = "\n#pump-object sha256=".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Length of the trailer in bytes: marker, 64 hex digits and a newline.
	 */
	static final int LENGTH = MARKER.length + 64 + 1;

	private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

	private ObjectTrailer() {
	}

	static byte[] encode(String sha256) {
		if (!HEX.matcher(sha256).matches()) {
			throw new IllegalArgumentException("Not a SHA-256 in lower-case hex");
		}
		ByteBuffer trailer = ByteBuffer.allocate(LENGTH);
		trailer.put(MARKER).put(sha256.getBytes(StandardCharsets.US_ASCII)).put((byte) '\n');
		return trailer.array();
	}

	/**
	 * Read the digest from the end of a file.
	 * @param file the file
	 * @param fileSize its size
	 * @return the digest, or {@code null} if the file has no valid trailer (it is not an
	 * object)
	 * @throws IOException on a read error
	 */
	static @Nullable String read(Path file, long fileSize) throws IOException {
		if (fileSize < LENGTH) {
			return null;
		}
		ByteBuffer trailer = ByteBuffer.allocate(LENGTH);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			while (trailer.hasRemaining()) {
				if (channel.read(trailer, fileSize - LENGTH + trailer.position()) < 0) {
					return null;
				}
			}
		}
		return decode(trailer.array());
	}

	private static @Nullable String decode(byte[] trailer) {
		for (int i = 0; i < MARKER.length; i++) {
			if (trailer[i] != MARKER[i]) {
				return null;
			}
		}
		String sha256 = new String(trailer, MARKER.length, 64, StandardCharsets.US_ASCII);
		return (HEX.matcher(sha256).matches() && trailer[LENGTH - 1] == '\n') ? sha256 : null;
	}

}
