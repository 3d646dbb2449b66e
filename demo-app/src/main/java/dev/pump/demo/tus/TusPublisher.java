package dev.pump.demo.tus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.file.AsyncFileReadStream;
import dev.pump.registry.ManagedPump;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * Publishes a complete upload of the filesystem store atomically under its key with its
 * SHA-256: the partial file is moved into place when the storage can
 * ({@link Storage#publishFile(ObjectKey, Path, String)}, the filesystem), else pumped
 * into {@link Storage#openWrite(ObjectKey, ContentDigest)}, the path of a {@code PUT};
 * then the partial file is deleted. The state stays, complete, until it expires, so that
 * a {@code HEAD} still tells a client that its upload is done.
 */
final class TusPublisher {

	private static final int CHUNK_SIZE = 256 * 1024;

	private static final int DIGEST_BUFFER_SIZE = 1024 * 1024;

	private final Storage storage;

	private final PumpFactory pumps;

	TusPublisher(Storage storage, PumpFactory pumps) {
		this.storage = storage;
		this.pumps = pumps;
	}

	/**
	 * Publish an upload whose last byte has arrived.
	 * @param upload the complete upload
	 * @param file its partial file, forced
	 * @param sha256 the SHA-256 of its content, in lower-case hex
	 * @return the upload, once its object is stored
	 */
	Mono<TusUpload> publish(TusUpload upload, Path file, String sha256) {
		return Mono.fromCallable(() -> this.storage.publishFile(ObjectKey.of(upload.key()), file, sha256))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((moved) -> moved ? Mono.just(upload) : copy(upload, file));
	}

	private Mono<TusUpload> copy(TusUpload upload, Path file) {
		return Mono.fromCallable(() -> open(upload, file))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((streams) -> {
				Pump pump = this.pumps.create("tus-publish", streams.source(), streams.destination());
				ManagedPump.expectBytes(pump, upload.length());
				CompletableFuture<Long> completion = pump.completion().toFuture();
				pump.start();
				return Mono.fromFuture(completion, true);
			})
			.then(Mono.fromCallable(() -> {
				Files.deleteIfExists(file);
				return upload;
			}).subscribeOn(Schedulers.boundedElastic()));
	}

	/**
	 * Read the SHA-256 of a partial file: one sequential read, without copying the
	 * content. The digest is not kept across PATCHes, so that a rolled-back chunk or a
	 * restart cannot leave it wrong.
	 * @param file the file
	 * @param length how many bytes it has
	 * @return the digest, in lower-case hex
	 * @throws IOException if the file cannot be read or is short
	 */
	static String sha256(Path file, long length) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		ByteBuffer buffer = ByteBuffer.allocateDirect(DIGEST_BUFFER_SIZE);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long remaining = length;
			while (remaining > 0) {
				buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
				int read = channel.read(buffer);
				if (read < 0) {
					throw new IOException("Partial file is shorter than its upload");
				}
				remaining -= read;
				digest.update(buffer.flip());
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private Streams open(TusUpload upload, Path file) throws Exception {
		ObjectKey key = ObjectKey.of(upload.key());
		ReadStream<DataBuffer> source = AsyncFileReadStream.open(file, DefaultDataBufferFactory.sharedInstance,
				CHUNK_SIZE, 0, upload.length());
		try {
			return new Streams(source, this.storage.openWrite(key, new ContentDigest()));
		}
		catch (Exception ex) {
			source.cancel();
			throw ex;
		}
	}

	private record Streams(ReadStream<DataBuffer> source, WriteStream<DataBuffer> destination) {
	}

}
