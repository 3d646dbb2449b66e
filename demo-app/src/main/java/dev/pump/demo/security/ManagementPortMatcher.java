package dev.pump.demo.security;

import java.net.InetSocketAddress;

import org.springframework.core.env.Environment;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Matches the requests to a separate management port ({@code management.server.port}).
 *
 * <p>
 * Boot's management server runs a context of its own, but it applies the application's
 * web filters (Spring Security's among them) and its dispatcher sees the application's
 * controllers too: the files API would answer there as well. So the security filter
 * chains are split by port rather than by context. With no separate management port,
 * nothing matches.
 */
final class ManagementPortMatcher implements ServerWebExchangeMatcher {

	private final Environment environment;

	ManagementPortMatcher(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return onManagementPort(exchange) ? MatchResult.match() : MatchResult.notMatch();
	}

	private boolean onManagementPort(ServerWebExchange exchange) {
		// Resolved per request: the ports are known only once the servers have started.
		Integer management = this.environment.getProperty("local.management.port", Integer.class);
		Integer server = this.environment.getProperty("local.server.port", Integer.class);
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		return management != null && !management.equals(server) && local != null && local.getPort() == management;
	}

}
