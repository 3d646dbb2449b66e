package dev.pump.demo.security;

import java.security.Principal;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Writes an {@link AuditLog} line for every write and delete of the files API (and of the
 * tus uploads), once answered, whatever the answer: in the security filter chain after
 * authentication, so it knows the subject, and around authorization, so refusals are
 * logged too.
 */
final class AuditLogFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!audited(request)) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.filter((principal) -> !(principal instanceof AnonymousAuthenticationToken))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((principal) -> chain.filter(exchange)
				.doFinally((signal) -> log(exchange, principal.orElse(null), signal)));
	}

	private static void log(ServerWebExchange exchange, @Nullable Principal principal, SignalType signal) {
		AuditLog.request(exchange.getRequest(), principal,
				(signal == SignalType.CANCEL) ? null : exchange.getResponse().getStatusCode());
	}

	private static boolean audited(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		boolean write = HttpMethod.PUT.equals(method) || HttpMethod.POST.equals(method)
				|| HttpMethod.PATCH.equals(method) || HttpMethod.DELETE.equals(method);
		String path = request.getPath().value();
		return write && (path.startsWith("/files") || path.startsWith("/uploads"));
	}

}
