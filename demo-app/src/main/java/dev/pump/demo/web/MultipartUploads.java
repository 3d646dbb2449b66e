package dev.pump.demo.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import dev.pump.ReadStream;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;

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
	 * @param request the request
	 * @return what was stored, in the order of the parts
	 */
	Mono<List<UploadResult>> store(ServerHttpRequest request) {
		AtomicLong stored = new AtomicLong();
		return this.reader.read(PART_EVENT, request, Map.of())
			.cancelOn(eventLoopOf(request))
			.windowUntil(PartEvent::isLast)
			.concatMap((part) -> part.switchOnFirst((first, events) -> storePart(first, events, stored)))
			.collectList()
			.onErrorMap(FileProblems::translate);
	}

	private Publisher<UploadResult> storePart(Signal<? extends PartEvent> first, Flux<PartEvent> events,
			AtomicLong stored) {
		if (!(first.get() instanceof FilePartEvent file)) {
			return events.doOnNext(MultipartUploads::release).then(Mono.empty());
		}
		ObjectKey key;
		try {
			key = ObjectKey.of(file.filename());
		}
		catch (InvalidKeyException ex) {
			// Drop the part before refusing: cancelling a part half-way in Spring's
			// parser
			// releases some of its buffers twice.
			return events.doOnNext(MultipartUploads::release)
				.then(Mono.error(FileProblems.badKey("File name: " + ex.getMessage())));
		}
		Flux<DataBuffer> content = events.map(PartEvent::content)
			.doOnDiscard(PartEvent.class, MultipartUploads::release);
		ReadStream<DataBuffer> body = DataBufferReadStream.of(content);
		long remaining = this.uploads.maxUploadBytes() - stored.get();
		return this.uploads.store("multipart-upload", key, body, remaining, -1)
			.doOnNext((result) -> stored.addAndGet(result.size()));
	}

	/**
	 * Return a scheduler on the connection's event loop, where the body is parsed. A
	 * failing upload (a full storage, a body over the limit) cancels the parts from
	 * within the parser's own delivery; queued on the event loop, the cancel runs once
	 * that delivery has returned, on the parser's thread, never in the middle of its work
	 * (which leaked buffers in the tests).
	 */
	private static Scheduler eventLoopOf(ServerHttpRequest request) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		if (nativeRequest instanceof Connection connection) {
			return Schedulers.fromExecutor(connection.channel().eventLoop());
		}
		return Schedulers.immediate();
	}

	private static void release(PartEvent event) {
		DataBufferUtils.release(event.content());
	}

}
