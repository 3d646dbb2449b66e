package dev.pump.demo.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.pump.ReadStream;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.buffer.DataBuffers;
import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;

import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Streams the file parts of a {@code multipart/form-data} body into the storage, one
 * after the other, as they arrive: the body is parsed into {@link PartEvent}s, and the
 * content of each file part is pumped under its filename (a key), never held whole in
 * memory. Form fields are skipped. The size limit applies to the sum of the files.
 *
 * <p>
 * Each file is published on its own as soon as it is complete, so when a later part
 * fails, the files before it stay stored; the response is then the problem.
 */
@Component
class MultipartUploads {

	private static final ResolvableType PART_EVENT = ResolvableType.forClass(PartEvent.class);

	private final PartEventHttpMessageReader reader = new PartEventHttpMessageReader();

	private final Uploads uploads;

	MultipartUploads(Uploads uploads) {
		this.uploads = uploads;
	}

	/**
	 * Refuse a body that is not {@code multipart/form-data} with a boundary.
	 * @param request the request
	 */
	void checkContentType(ServerHttpRequest request) {
		MediaType type = request.getHeaders().getContentType();
		if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)
				|| type.getParameter("boundary") == null) {
			throw FileProblems.badMultipart("Expected a multipart/form-data body with a boundary");
		}
	}

	/**
	 * Store every file part of a request, once subscribed.
	 *
	 * <p>
	 * The parts are read to the end of the body (or to its failure) whatever happens,
	 * never cancelled half-way (see {@link PartContent}): the first failure answers at
	 * once, and the parts after it are released as they arrive, until the connection,
	 * closed after the error response, ends the body. A client that goes away ends it the
	 * same way.
	 * @param request the request
	 * @param scope the keys the client may write: a part named out of it fails the upload
	 * with a 403 (the parts before it stay stored)
	 * @return what was stored, in the order of the parts
	 */
	Mono<List<UploadResult>> store(ServerHttpRequest request, KeyScope scope) {
		return Mono.defer(() -> {
			Outcome outcome = new Outcome();
			this.reader.read(PART_EVENT, request, Map.of())
				.windowUntil(PartEvent::isLast)
				// Not cancelSourceOnComplete: a part that failed is read on to its end.
				.concatMapDelayError((part) -> part
					.switchOnFirst((first, events) -> storePart(first, events, scope, outcome), false))
				.collectList()
				.subscribe(outcome::succeed, outcome::fail);
			return outcome.result.asMono();
		}).onErrorMap(FileProblems::translate);
	}

	private Mono<UploadResult> storePart(Signal<? extends PartEvent> first, Flux<PartEvent> events, KeyScope scope,
			Outcome outcome) {
		if (!(first.get() instanceof FilePartEvent file) || outcome.failed()) {
			return events.doOnNext(MultipartUploads::release).then(Mono.empty());
		}
		ObjectKey key;
		try {
			key = ObjectKey.of(file.filename());
		}
		catch (InvalidKeyException ex) {
			outcome.fail(FileProblems.badKey("File name: " + ex.getMessage()));
			return events.doOnNext(MultipartUploads::release).then(Mono.empty());
		}
		if (!scope.permits(key)) {
			outcome.fail(FileProblems.outOfScope());
			return events.doOnNext(MultipartUploads::release).then(Mono.empty());
		}
		ReadStream<DataBuffer> body = DataBufferReadStream.of(PartContent.of(events));
		long remaining = this.uploads.maxUploadBytes() - outcome.stored.get();
		return this.uploads.store("multipart-upload", key, body, remaining, -1)
			.doOnNext((result) -> outcome.stored.addAndGet(result.size()))
			.onErrorResume((failure) -> {
				outcome.fail(failure);
				return Mono.empty();
			});
	}

	/**
	 * What became of the parts of one request: the bytes stored so far and the result,
	 * given at the first failure or at the end of the body.
	 */
	private static final class Outcome {

		private final AtomicLong stored = new AtomicLong();

		private final AtomicBoolean failed = new AtomicBoolean();

		private final Sinks.One<List<UploadResult>> result = Sinks.one();

		boolean failed() {
			return this.failed.get();
		}

		void fail(Throwable failure) {
			if (this.failed.compareAndSet(false, true)) {
				this.result.tryEmitError(failure);
			}
		}

		void succeed(List<UploadResult> stored) {
			if (!this.failed.get()) {
				this.result.tryEmitValue(stored);
			}
		}

	}

	private static void release(PartEvent event) {
		DataBuffers.release(event.content());
	}

}
