package dev.pump.demo.web;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import dev.pump.PumpException;
import dev.pump.demo.storage.InvalidKeyException;

/**
 * Renders every error of the API as an RFC 9457 problem detail: Spring's own errors and
 * {@link ErrorResponseException}s through the base class, invalid keys as 400, and
 * anything unexpected as a 500 that tells nothing of the server's insides (the error is
 * logged instead).
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ProblemDetailsHandler.class);

	@ExceptionHandler(InvalidKeyException.class)
	Mono<ResponseEntity<Object>> handleInvalidKey(InvalidKeyException ex, ServerWebExchange exchange) {
		return handleErrorResponse(FileProblems.badKey(ex.getMessage()), exchange);
	}

	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
		ErrorResponseException translated = asProblem(ex);
		if (translated != null) {
			return handleErrorResponse(translated, exchange);
		}
		log.error("Request failed: " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath(), ex);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server failed to handle the request");
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
	}

	/**
	 * No problem for a client whose connection is closed already (it went away, or the
	 * read timeout closed it): nobody reads the answer, and encoding it off the event
	 * loop (these errors often arrive on a file or storage thread) races with the closed
	 * connection's cancel, in which Spring can drop the encoded buffer without releasing
	 * it (spring-framework#36438; seen here as a leak report after a stalled tus PATCH).
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			@Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (connectionClosed(exchange)) {
			return Mono.empty();
		}
		return super.handleExceptionInternal(ex, body, headers, status, exchange);
	}

	private static boolean connectionClosed(ServerWebExchange exchange) {
		Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		return request instanceof Connection connection && !connection.channel().isActive();
	}

	private static @Nullable ErrorResponseException asProblem(Exception ex) {
		if (!(ex instanceof PumpException || ex instanceof IOException)) {
			return null;
		}
		Throwable translated = FileProblems.translate(ex);
		return (translated instanceof ErrorResponseException problem) ? problem : null;
	}

	private Mono<ResponseEntity<Object>> handleErrorResponse(ErrorResponseException ex, ServerWebExchange exchange) {
		return handleErrorResponseException(ex, ex.getHeaders(), ex.getStatusCode(), exchange);
	}

}
