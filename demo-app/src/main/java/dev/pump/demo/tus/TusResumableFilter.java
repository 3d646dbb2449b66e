package dev.pump.demo.tus;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@code Tus-Resumable} to every response of the tus endpoint, errors included, as
 * the protocol requires; and honours {@code X-HTTP-Method-Override} on a {@code POST},
 * which the protocol allows for clients that cannot send {@code PATCH} or {@code DELETE}
 * (Java's {@code HttpURLConnection}, used by tus-java-client).
 */
@Component
class TusResumableFilter implements WebFilter {

	static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.equals("/uploads") && !path.startsWith(TusController.BASE)) {
			return chain.filter(exchange);
		}
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION);
			return Mono.empty();
		});
		ServerHttpRequest request = exchange.getRequest();
		String override = request.getHeaders().getFirst(METHOD_OVERRIDE);
		if (HttpMethod.POST.equals(request.getMethod()) && override != null) {
			HttpMethod method = HttpMethod.valueOf(override.strip().toUpperCase(Locale.ROOT));
			if (HttpMethod.PATCH.equals(method) || HttpMethod.DELETE.equals(method)) {
				return chain.filter(exchange.mutate().request(request.mutate().method(method).build()).build());
			}
		}
		return chain.filter(exchange);
	}

}
