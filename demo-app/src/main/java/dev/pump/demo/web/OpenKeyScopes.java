package dev.pump.demo.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every client may touch every key: the service without security
 * ({@code demo.security.enabled=false}, the default).
 */
@Component
@ConditionalOnProperty(name = "demo.security.enabled", havingValue = "false", matchIfMissing = true)
class OpenKeyScopes implements KeyScopes {

	private static final Mono<KeyScope> ALL = Mono.just(KeyScope.all());

	@Override
	public Mono<KeyScope> of(ServerWebExchange exchange) {
		return ALL;
	}

}
