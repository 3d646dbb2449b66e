package dev.pump.demo.web;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.List;

import dev.pump.Pump;
import dev.pump.PumpException;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.demo.storage.NoSuchObjectException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.StoredObject;
import dev.pump.registry.ManagedPump;
import dev.pump.web.FileResponses;
import dev.pump.web.WebStreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Streams objects to clients through pumps, zero-copy from local files: whole, or one
 * byte range (206); headers only for {@code HEAD}; 304 when the client's ETag matches. An
 * object replaced between its lookup and the opening of its content is looked up again,
 * so headers and content always belong to the same object.
 */
@Component
class Downloads {

	private static final int OPEN_ATTEMPTS = 3;

	private static final Log logger = LogFactory.getLog(Downloads.class);

	private final Storage storage;

	private final PumpFactory pumps;

	Downloads(Storage storage, PumpFactory pumps) {
		this.storage = storage;
		this.pumps = pumps;
	}

	Mono<Void> send(ObjectKey key, ServerWebExchange exchange, boolean headersOnly) {
		return Mono.defer(() -> this.storage.stat(key))
			.switchIfEmpty(Mono.error(FileProblems::notFound))
			.flatMap((object) -> send(object, exchange, headersOnly))
			.retryWhen(Retry.backoff(OPEN_ATTEMPTS, Duration.ofMillis(5))
				.filter(NoSuchObjectException.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> FileProblems.notFound()));
	}

	private Mono<Void> send(StoredObject object, ServerWebExchange exchange, boolean headersOnly) {
		ServerHttpResponse response = exchange.getResponse();
		String etag = "\"" + object.sha256() + "\"";
		if (exchange.checkNotModified(etag, object.lastModified())) {
			return response.setComplete();
		}
		Slice slice = slice(exchange.getRequest(), object.size());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
		headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
		headers.setContentLength(slice.length());
		if (slice.partial()) {
			response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
			headers.set(HttpHeaders.CONTENT_RANGE,
					"bytes " + slice.start() + "-" + (slice.start() + slice.length() - 1) + "/" + object.size());
		}
		if (headersOnly) {
			return response.setComplete();
		}
		return body(object, slice, response).then()
			.onErrorResume((failure) -> response.isCommitted(), Downloads::afterCommit);
	}

	/**
	 * Send the content through a pump: zero-copy from the object's local file when the
	 * storage has one (see {@link FileResponses}), otherwise copied from its read stream.
	 */
	private Mono<Long> body(StoredObject object, Slice slice, ServerHttpResponse response) {
		try {
			FileChannel file = this.storage.openFile(object);
			if (file != null) {
				return FileResponses.send(this.pumps, "download", response, file, slice.start(), slice.length());
			}
			ReadStream<DataBuffer> content = this.storage.openRead(object, slice.start(), slice.length());
			Pump pump = this.pumps.create("download", content, WebStreams.responseBody(response));
			ManagedPump.expectBytes(pump, slice.length());
			return Mono.defer(() -> pump.start().completion());
		}
		catch (IOException ex) {
			return Mono.error(ex);
		}
	}

	/**
	 * A download that fails once the response has started cannot become an error
	 * response: the pump has already aborted the response, so the connection is reset and
	 * the client sees a truncated body, never a short one taken for whole. What is left
	 * is to log: a client that went away is routine, a storage that fails to read is not.
	 */
	private static Mono<Void> afterCommit(Throwable failure) {
		if (failure instanceof PumpException pump && pump.side() == PumpException.Side.READ) {
			logger.warn("Download failed after the response was committed", failure);
		}
		else {
			logger.debug("Download ended early: " + failure);
		}
		return Mono.empty();
	}

	/**
	 * Return the part of the object to send: one satisfiable byte range, or the whole
	 * object when there is no range, several ranges or a malformed one (RFC 9110 lets a
	 * server ignore them).
	 */
	private static Slice slice(ServerHttpRequest request, long size) {
		List<HttpRange> ranges;
		try {
			ranges = request.getHeaders().getRange();
		}
		catch (IllegalArgumentException ex) {
			return new Slice(0, size, false);
		}
		if (ranges.size() != 1) {
			return new Slice(0, size, false);
		}
		HttpRange range = ranges.get(0);
		long start;
		long end;
		try {
			start = range.getRangeStart(size);
			end = range.getRangeEnd(size);
		}
		catch (IllegalArgumentException ex) {
			throw FileProblems.rangeNotSatisfiable(size);
		}
		if (size == 0 || start >= size || end < start) {
			throw FileProblems.rangeNotSatisfiable(size);
		}
		return new Slice(start, end - start + 1, true);
	}

	private record Slice(long start, long length, boolean partial) {

	}

}
