package dev.pump.demo.web;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the files API which keys the client of a request may touch. Without security,
 * every key ({@link OpenKeyScopes}); with it, what the client's credential grants.
 */
@FunctionalInterface
public interface KeyScopes {

	/**
	 * Return the key scope of a request.
	 * @param exchange the exchange
	 * @return the scope, never empty
	 */
	Mono<KeyScope> of(ServerWebExchange exchange);

}
