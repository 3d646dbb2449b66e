package dev.pump.demo.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Closes the connection after an error response to a request that carries a body.
 *
 * <p>
 * An upload refused early (413, 503, a bad key) or failed half-way (507) leaves some of
 * its body unread. HTTP/1.1 then requires the server to read the rest or to close the
 * connection, else the rest would be taken for the next request. Reading gigabytes only
 * to drop them would defeat the limits, so the response says {@code Connection: close}:
 * the server closes the connection once the response is sent, and whatever is left of the
 * body is released with it.
 *
 * <p>
 * First of all filters, so that it also covers the requests refused by the security
 * filters (401, 403) before anything reads their body.
 */
@Component
@Order(UnreadBodyFilter.ORDER)
class UnreadBodyFilter implements WebFilter {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (hasBody(request.getHeaders())) {
			ServerHttpResponse response = exchange.getResponse();
			response.beforeCommit(() -> {
				HttpStatusCode status = response.getStatusCode();
				if (status != null && status.isError()) {
					response.getHeaders().setConnection("close");
				}
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	private static boolean hasBody(HttpHeaders headers) {
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

}
