package dev.pump.demo.tus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * Publishes a complete upload atomically under its key with its SHA-256: the partial file
 * is moved into place when the storage can
 * ({@link Storage#publishFile(ObjectKey, Path, String)}, the filesystem), else pumped
 * into {@link Storage#openWrite(ObjectKey, ContentDigest)}, the path of a {@code PUT};
 * then the partial file is deleted. The state stays, complete, until it expires, so that
 * a {@code HEAD} still tells a client that its upload is done.
 */
final class TusPublisher {

	private static final int CHUNK_SIZE = 256 * 1024;

	private static final int DIGEST_BUFFER_SIZE = 1024 * 1024;

	private final Storage storage;

	private final TusUploadStore store;

	private final PumpFactory pumps;

	TusPublisher(Storage storage, TusUploadStore store, PumpFactory pumps) {
		this.storage = storage;
		this.store = store;
		this.pumps = pumps;
	}

	/**
	 * Publish an upload whose last byte has arrived.
	 * @param upload the complete upload
	 * @return the upload, once its object is stored
	 */
	Mono<TusUpload> publish(TusUpload upload) {
		return Mono.fromCallable(() -> moveIntoPlace(upload))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((moved) -> moved ? Mono.just(upload) : copy(upload));
	}

	private boolean moveIntoPlace(TusUpload upload) throws IOException {
		Path file = this.store.dataFile(upload.id());
		return this.storage.publishFile(ObjectKey.of(upload.key()), file, sha256(file, upload.length()));
	}

	private Mono<TusUpload> copy(TusUpload upload) {
		return Mono.fromCallable(() -> open(upload)).subscribeOn(Schedulers.boundedElastic()).flatMap((streams) -> {
			Pump pump = this.pumps.create("tus-publish", streams.source(), streams.destination());
			ManagedPump.expectBytes(pump, upload.length());
			CompletableFuture<Long> completion = pump.completion().toFuture();
			pump.start();
			return Mono.fromFuture(completion, true);
		}).then(Mono.fromCallable(() -> {
			this.store.deleteData(upload.id());
			return upload;
		}).subscribeOn(Schedulers.boundedElastic()));
	}

	// One sequential read, without copying the content: the digest is not kept across
	// PATCHes, so that a rolled-back chunk or a restart cannot leave it wrong.
	private static String sha256(Path file, long length) throws IOException {
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

	private Streams open(TusUpload upload) throws Exception {
		ObjectKey key = ObjectKey.of(upload.key());
		ReadStream<DataBuffer> source = AsyncFileReadStream.open(this.store.dataFile(upload.id()),
				DefaultDataBufferFactory.sharedInstance, CHUNK_SIZE, 0, upload.length());
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
