package dev.pump.demo.security;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.web.FileKeys;

/**
 * The authorization rules of the files API, decided from the request line and the
 * credential alone, before any byte of the body is read: the scope of the method, and for
 * {@code /files/{key}} the key in the credential's scope. A denial tells why in an
 * exchange attribute, for the problem detail of the 403.
 */
final class FilesAuthorization {

	/**
	 * Exchange attribute with the reason of a denial.
	 */
	static final String DENIAL_REASON = FilesAuthorization.class.getName() + ".denialReason";

	private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

	private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

	private FilesAuthorization() {
	}

	/**
	 * Return the rule of the requests that name no key (listing, multipart, tus): the
	 * scope of the method.
	 * @return the rule
	 */
	static ReactiveAuthorizationManager<AuthorizationContext> scopeOfMethod() {
		return (authentication, context) -> decide(authentication, context,
				(auth, exchange) -> checkScope(auth, exchange));
	}

	/**
	 * Return the rule of the tus uploads: every method of the protocol (creation, offset
	 * lookup, append, termination) takes part in writing, so needs {@code files.write}.
	 * @return the rule
	 */
	static ReactiveAuthorizationManager<AuthorizationContext> scopeOfWrite() {
		return (authentication, context) -> decide(authentication, context,
				(auth, exchange) -> Scopes.granted(auth, Scopes.WRITE) ? null
						: "The credential lacks the scope " + Scopes.WRITE);
	}

	/**
	 * Return the rule of {@code POST /presigned-urls}: a bearer token (what a presigned
	 * URL may do is checked against the token by the controller, which reads the body).
	 * @return the rule
	 */
	static ReactiveAuthorizationManager<AuthorizationContext> bearerToken() {
		return (authentication, context) -> decide(authentication, context,
				(auth, exchange) -> (auth instanceof JwtAuthenticationToken) ? null
						: "Presigned URLs are issued to bearer tokens only");
	}

	/**
	 * Return the rule of {@code /files/{key}}: the scope of the method, and the key in
	 * the credential's scope.
	 * @return the rule
	 */
	static ReactiveAuthorizationManager<AuthorizationContext> scopeOfMethodOnKey() {
		return (authentication, context) -> decide(authentication, context, (auth, exchange) -> {
			String denied = checkScope(auth, exchange);
			return (denied != null) ? denied : checkKey(auth, exchange);
		});
	}

	private static Mono<AuthorizationResult> decide(Mono<Authentication> authentication, AuthorizationContext context,
			Rule rule) {
		ServerWebExchange exchange = context.getExchange();
		return authentication.map((auth) -> {
			String denied = rule.check(auth, exchange);
			if (denied == null) {
				return (AuthorizationResult) GRANTED;
			}
			exchange.getAttributes().put(DENIAL_REASON, denied);
			return DENIED;
		}).defaultIfEmpty(DENIED);
	}

	private static @Nullable String checkScope(Authentication authentication, ServerWebExchange exchange) {
		HttpMethod method = exchange.getRequest().getMethod();
		String scope = Scopes.forMethod(method);
		if (Scopes.granted(authentication, scope)) {
			return null;
		}
		return (scope != null) ? "The credential lacks the scope " + scope : "No scope allows " + method;
	}

	private static @Nullable String checkKey(Authentication authentication, ServerWebExchange exchange) {
		ObjectKey key;
		try {
			key = FileKeys.fromPath(exchange.getRequest());
		}
		catch (InvalidKeyException ex) {
			// No key at all: the files API answers 400 and never reaches the storage.
			return null;
		}
		return TokenKeyScopes.of(authentication).permits(key) ? null
				: "The credential does not grant access to this key";
	}

	@FunctionalInterface
	private interface Rule {

		/**
		 * Return why a request is denied, or {@code null} if it is granted.
		 */
		@Nullable String check(Authentication authentication, ServerWebExchange exchange);

	}

}
