package dev.pump.demo.security;

import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.access.server.BearerTokenServerAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The 400, 401 and 403 of the security filters, as problem details.
 *
 * <p>
 * 401 and 403 keep Spring Security's RFC 6750 answers ({@code WWW-Authenticate: Bearer}
 * with {@code error="invalid_token"} or {@code error="insufficient_scope"}): its handlers
 * set the status and the header, then complete the response; here completing the response
 * writes the problem detail instead of an empty body.
 */
final class SecurityProblems {

	private final ProblemResponses problems;

	private final BearerTokenServerAuthenticationEntryPoint bearerEntryPoint = new BearerTokenServerAuthenticationEntryPoint();

	private final BearerTokenServerAccessDeniedHandler bearerAccessDenied = new BearerTokenServerAccessDeniedHandler();

	SecurityProblems(ProblemResponses problems) {
		this.problems = problems;
	}

	/**
	 * Return the answer to a request without a valid credential: 401.
	 * @return the entry point
	 */
	ServerAuthenticationEntryPoint entryPoint() {
		return (exchange, failure) -> withProblemBody(exchange, unauthorizedDetail(failure),
				(decorated) -> this.bearerEntryPoint.commence(decorated, failure));
	}

	/**
	 * Return the answer to a credential that does not allow the request: 403.
	 * @return the handler
	 */
	ServerAccessDeniedHandler accessDenied() {
		return (exchange, denied) -> {
			String reason = exchange.getAttribute(FilesAuthorization.DENIAL_REASON);
			String detail = (reason != null) ? reason : "The credential does not allow this request";
			return withProblemBody(exchange, detail, (decorated) -> this.bearerAccessDenied.handle(decorated, denied));
		};
	}

	/**
	 * Return the answer to a presigned URL that does not allow the request: 403.
	 * @return the handler
	 */
	ServerAuthenticationFailureHandler presignedUrlRejected() {
		return (filterExchange, failure) -> this.problems.write(filterExchange.getExchange(), HttpStatus.FORBIDDEN,
				"Forbidden", failure.getMessage());
	}

	/**
	 * Return the answer to a request on the management port for something it does not
	 * serve: 404, as if it did not exist there.
	 * @return the entry point
	 */
	ServerAuthenticationEntryPoint notServed() {
		return (exchange, failure) -> notServed(exchange);
	}

	/**
	 * Return {@link #notServed()} as an access denied handler.
	 * @return the handler
	 */
	ServerAccessDeniedHandler notServedDenied() {
		return (exchange, denied) -> notServed(exchange);
	}

	private Mono<Void> notServed(ServerWebExchange exchange) {
		return this.problems.write(exchange, HttpStatus.NOT_FOUND, "Not Found",
				"The management port serves the actuator and the dashboard only");
	}

	/**
	 * Return the answer to a request that Spring Security's firewall refuses (an encoded
	 * slash or dot segment, a control character): 400.
	 * @return the handler
	 */
	ServerExchangeRejectedHandler exchangeRejected() {
		return (exchange, rejected) -> this.problems.write(exchange, HttpStatus.BAD_REQUEST, "Invalid request",
				"The request path or headers hold characters or sequences that are not allowed");
	}

	private static String unauthorizedDetail(AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth2 && oauth2.getError().getDescription() != null) {
			return oauth2.getError().getDescription();
		}
		return "A valid bearer token is required";
	}

	private Mono<Void> withProblemBody(ServerWebExchange exchange, String detail,
			Function<ServerWebExchange, Mono<Void>> handler) {
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {

			@Override
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				HttpStatusCode code = (status != null) ? status : HttpStatus.UNAUTHORIZED;
				return SecurityProblems.this.problems.write(exchange, code, title(code), detail);
			}

		};
		return handler.apply(exchange.mutate().response(response).build());
	}

	private static String title(HttpStatusCode code) {
		HttpStatus status = HttpStatus.resolve(code.value());
		return (status != null) ? status.getReasonPhrase() : "Error";
	}

}
