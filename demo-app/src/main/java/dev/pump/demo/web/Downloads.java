package dev.pump.demo.web;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Optional;

import dev.pump.Pump;
import dev.pump.PumpException;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.demo.storage.NoSuchObjectException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.StoredObject;
import dev.pump.registry.ManagedPump;
import dev.pump.web.ByteRange;
import dev.pump.web.FileResponseOptions;
import dev.pump.web.FileResponses;
import dev.pump.web.WebStreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Streams objects to clients through pumps, zero-copy from local files: whole, or one
 * byte range (206, honouring {@code If-Range}); headers only for {@code HEAD}; 304 and
 * 412 by the preconditions, as {@link FileResponses#prepare} decides for any content. An
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

	Mono<Void> send(ObjectKey key, ServerWebExchange exchange) {
		return Mono.defer(() -> this.storage.stat(key))
			.switchIfEmpty(Mono.error(FileProblems::notFound))
			.flatMap((object) -> send(object, exchange))
			.retryWhen(Retry.backoff(OPEN_ATTEMPTS, Duration.ofMillis(5))
				.filter(NoSuchObjectException.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> FileProblems.notFound()));
	}

	private Mono<Void> send(StoredObject object, ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		FileResponseOptions options = FileResponseOptions.defaults()
			.withContentType(MediaType.APPLICATION_OCTET_STREAM)
			.withEtag("\"" + object.sha256() + "\"")
			.withLastModified(object.lastModified());
		// The library's answer for any content: preconditions, If-Range, one range, HEAD.
		Optional<ByteRange> range = prepare(exchange, object, options);
		if (range.isEmpty()) {
			return response.setComplete();
		}
		return body(object, range.get(), response).then()
			.onErrorResume((failure) -> response.isCommitted(), Downloads::afterCommit);
	}

	private static Optional<ByteRange> prepare(ServerWebExchange exchange, StoredObject object,
			FileResponseOptions options) {
		try {
			return FileResponses.prepare(exchange, object.size(), options);
		}
		catch (ResponseStatusException ex) {
			// The service's own problem, which speaks of objects rather than files.
			if (ex.getStatusCode().value() == 416) {
				throw FileProblems.rangeNotSatisfiable(object.size());
			}
			throw ex;
		}
	}

	/**
	 * Send the content through a pump: zero-copy from the object's local file when the
	 * storage has one (see {@link FileResponses}), otherwise copied from its read stream.
	 */
	private Mono<Long> body(StoredObject object, ByteRange slice, ServerHttpResponse response) {
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

}
