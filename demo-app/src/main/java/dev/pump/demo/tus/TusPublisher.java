package dev.pump.demo.tus;

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
 * Publishes a complete upload: its partial file is pumped into
 * {@link Storage#openWrite(ObjectKey, ContentDigest)}, the path of a {@code PUT}, so the
 * object appears atomically with its SHA-256, on any storage; then the partial file is
 * deleted. The state stays, complete, until it expires, so that a {@code HEAD} still
 * tells a client that its upload is done.
 */
final class TusPublisher {

	private static final int CHUNK_SIZE = 256 * 1024;

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
