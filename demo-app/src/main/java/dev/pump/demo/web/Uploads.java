package dev.pump.demo.web;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.demo.config.DemoProperties;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.registry.ManagedPump;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Streams upload bodies into the storage through pumps: admission (size announced,
 * uploads in progress), the digest and size limit on the fly, and the translation of
 * failures into problem details.
 *
 * <h2>Client disconnects</h2> The pump's completion is not cancelled when the response
 * is: a client that goes away fails the read side instead, so the pump aborts the storage
 * write (nothing is stored) and finishes with a failure, as any broken body.
 */
@Component
class Uploads {

	private final Storage storage;

	private final PumpFactory pumps;

	private final DemoProperties properties;

	private final UploadLimiter limiter;

	Uploads(Storage storage, PumpFactory pumps, DemoProperties properties) {
		this.storage = storage;
		this.pumps = pumps;
		this.properties = properties;
		this.limiter = new UploadLimiter(properties.getMaxConcurrentUploads());
	}

	/**
	 * Return the maximum size of one upload.
	 * @return the size in bytes
	 */
	long maxUploadBytes() {
		return this.properties.getMaxUploadSize().toBytes();
	}

	/**
	 * Run an upload if it is admitted before its body is read: refuse it if its announced
	 * size is over the limit, or if too many uploads are in progress. An admitted upload
	 * holds a permit, given back once it ends, before its result goes on, or when it is
	 * cancelled (see {@link UploadLimiter#releasingPermit(Mono)}).
	 * @param <T> the result type
	 * @param contentLength the announced size, or {@code -1}
	 * @param upload the upload, subscribed to once admitted
	 * @return the upload, holding its permit
	 * @throws org.springframework.web.ErrorResponseException 413 or 503
	 */
	<T> Mono<T> admitted(long contentLength, Supplier<Mono<T>> upload) {
		if (contentLength > maxUploadBytes()) {
			throw FileProblems.tooLarge(this.properties.getMaxUploadSize());
		}
		if (!this.limiter.tryAcquire()) {
			throw FileProblems.tooManyUploads(this.properties.getUploadRetryAfter());
		}
		return this.limiter.releasingPermit(Mono.defer(upload));
	}

	/**
	 * Stream a body into the storage under a key, once subscribed.
	 * @param name the pump name for metrics
	 * @param key the key
	 * @param body the body
	 * @param maxBytes how many bytes the body may have
	 * @param expectedBytes how many bytes the body announced, or {@code -1}
	 * @return what was stored, or a problem
	 */
	Mono<UploadResult> store(String name, ObjectKey key, ReadStream<DataBuffer> body, long maxBytes,
			long expectedBytes) {
		return Mono.deferContextual((context) -> {
			LimitedBodyReadStream limited = new LimitedBodyReadStream(body, maxBytes, expectedBytes,
					(limit) -> FileProblems.tooLarge(this.properties.getMaxUploadSize()));
			// The storage computes the digest as it writes, off the event loop.
			ContentDigest digest = new ContentDigest();
			WriteStream<DataBuffer> destination;
			try {
				destination = this.storage.openWrite(key, digest);
			}
			catch (IOException | RuntimeException ex) {
				limited.cancel();
				return Mono.error(ex);
			}
			Pump pump = this.pumps.create(name, limited, destination);
			ManagedPump.expectBytes(pump, expectedBytes);
			CompletableFuture<Long> completion = pump.completion().toFuture();
			// With the request's context: the transfer's span is a child of the
			// request's.
			ManagedPump.start(pump, context);
			return Mono.fromFuture(completion, true)
				.doOnCancel(() -> limited.fail(new ClientGoneException()))
				.map((bytes) -> new UploadResult(key.value(), limited.bytesRead(), digest.sha256()));
		}).onErrorMap(FileProblems::translate);
	}

	/**
	 * The client went away before the upload finished.
	 */
	static class ClientGoneException extends IOException {

		private static final long serialVersionUID = 1L;

		ClientGoneException() {
			super("Client disconnected during the upload");
		}

	}

}
