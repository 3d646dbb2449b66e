package dev.pump.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The preconditions of a request for a file (RFC 9110 13.2.2), all but {@code If-Range}.
 * Spring's {@code checkNotModified} answers {@code If-Unmodified-Since},
 * {@code If-None-Match} and {@code If-Modified-Since}; two cases it leaves for
 * {@code GET} and {@code HEAD} are answered here first: an {@code If-Match} that names no
 * current entity tag (Spring evaluates it only for methods that change state: a client
 * that resumes a download with {@code If-Match} and {@code Range} must never get bytes of
 * another version), and {@code If-None-Match: *}, which a file that exists fails.
 */
final class FilePreconditions {

	private FilePreconditions() {
	}

	/**
	 * Evaluate the preconditions; when one decides the answer, set its status (412 or
	 * 304) and the validators.
	 * @param exchange the exchange
	 * @param etag the entity tag of the file, or {@code null}
	 * @param lastModified when the file last changed, or {@code null}
	 * @return {@code true} if the response is decided and has no body
	 */
	static boolean answered(ServerWebExchange exchange, @Nullable String etag, @Nullable Instant lastModified) {
		HttpHeaders request = exchange.getRequest().getHeaders();
		ServerHttpResponse response = exchange.getResponse();
		List<String> ifMatch = tags(request, HttpHeaders.IF_MATCH);
		if (ifMatch != null && !ifMatch.contains("*") && !strongMatch(ifMatch, etag)) {
			response.setStatusCode(HttpStatus.PRECONDITION_FAILED);
			return true;
		}
		List<String> ifNoneMatch = tags(request, HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null && ifNoneMatch.contains("*")) {
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			if (etag != null) {
				response.getHeaders().setETag(etag);
			}
			if (lastModified != null) {
				response.getHeaders().setLastModified(lastModified);
			}
			return true;
		}
		if (lastModified != null) {
			return exchange.checkNotModified(etag, lastModified);
		}
		return etag != null && exchange.checkNotModified(etag);
	}

	/**
	 * Return the entity tags of a header as sent ({@code "x"}, {@code W/"x"} or
	 * {@code *}), empty for a malformed value, which then matches nothing; {@code null}
	 * without the header.
	 */
	private static @Nullable List<String> tags(HttpHeaders request, String name) {
		if (!request.containsHeader(name)) {
			return null;
		}
		try {
			return HttpHeaders.IF_MATCH.equals(name) ? request.getIfMatch() : request.getIfNoneMatch();
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
	}

	private static boolean strongMatch(List<String> tags, @Nullable String etag) {
		return etag != null && !etag.startsWith("W/") && tags.contains(etag);
	}

}
