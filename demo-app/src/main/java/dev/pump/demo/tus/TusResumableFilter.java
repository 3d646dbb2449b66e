package dev.pump.demo.tus;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@code Tus-Resumable} to every response of the tus endpoint, errors included, as
 * the protocol requires.
 */
@Component
class TusResumableFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals("/uploads") || path.startsWith(TusController.BASE)) {
			exchange.getResponse().beforeCommit(() -> {
				exchange.getResponse().getHeaders().set(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

}
