package dev.pump.demo.security;

import java.security.Principal;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.pump.demo.web.KeyScope;
import dev.pump.demo.web.KeyScopes;

/**
 * The keys a credential grants: a token's {@code key_prefix} claim (every key without
 * one), the one key of a presigned URL, and no key for anything else.
 */
final class TokenKeyScopes implements KeyScopes {

	/**
	 * Claim of a token that limits its holder to the keys under a prefix.
	 */
	static final String KEY_PREFIX_CLAIM = "key_prefix";

	private static final KeyScope NONE = (key) -> false;

	@Override
	public Mono<KeyScope> of(ServerWebExchange exchange) {
		return exchange.getPrincipal().map(TokenKeyScopes::of).defaultIfEmpty(NONE);
	}

	static KeyScope of(Principal principal) {
		if (principal instanceof PresignedUrlAuthentication presigned && presigned.isAuthenticated()) {
			return presigned.key()::equals;
		}
		if (principal instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
			Object prefix = token.getToken().getClaims().get(KEY_PREFIX_CLAIM);
			if (prefix == null) {
				return KeyScope.all();
			}
			// A claim of another type is a token we do not understand: it grants no key.
			return (prefix instanceof String text) ? KeyScope.prefix(text) : NONE;
		}
		return NONE;
	}

	static String subject(Authentication authentication) {
		if (authentication instanceof PresignedUrlAuthentication presigned) {
			return presigned.subject();
		}
		return authentication.getName();
	}

}
