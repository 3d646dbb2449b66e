package dev.pump.s3;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * Deterministic pseudo-random content of any size, generated chunk by chunk so that a
 * test never holds all of it: the same seed and size give the same bytes.
 *
 * @param seed the seed
 * @param size the size in bytes
 * @param chunkSize the size of each chunk but the last
 */
record GeneratedContent(long seed, long size, int chunkSize) {

	byte[] chunk(long index) {
		int length = (int) Math.min(this.chunkSize, this.size - index * this.chunkSize);
		byte[] bytes = new byte[length];
		new SplittableRandom(this.seed * 1_000_003 + index).nextBytes(bytes);
		return bytes;
	}

	long chunks() {
		return (this.size + this.chunkSize - 1) / this.chunkSize;
	}

	/**
	 * Return the content as buffers of the factory, generated as they are requested.
	 * @param factory the factory
	 * @return the buffers
	 */
	Flux<DataBuffer> buffers(DataBufferFactory factory) {
		return Flux.fromStream(() -> LongStream.range(0, chunks()).boxed()).map((index) -> {
			byte[] bytes = chunk(index);
			DataBuffer buffer = factory.allocateBuffer(bytes.length);
			buffer.write(bytes);
			return buffer;
		});
	}

	byte[] bytes() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (long i = 0; i < chunks(); i++) {
			out.writeBytes(chunk(i));
		}
		return out.toByteArray();
	}

	String sha256() {
		MessageDigest digest = newDigest();
		for (long i = 0; i < chunks(); i++) {
			digest.update(chunk(i));
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
