package dev.pump.demo.security;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scopes of the files API and the authorities Spring Security gives them
 * ({@code SCOPE_} and the scope, from the token's {@code scope} or {@code scp} claim).
 */
final class Scopes {

	static final String READ = "files.read";

	static final String WRITE = "files.write";

	static final String DELETE = "files.delete";

	private static final String AUTHORITY_PREFIX = "SCOPE_";

	private Scopes() {
	}

	/**
	 * Return the scope a method needs on the files API.
	 * @param method the method
	 * @return the scope, or {@code null} if no scope allows it
	 */
	static @Nullable String forMethod(HttpMethod method) {
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return READ;
		}
		if (HttpMethod.PUT.equals(method) || HttpMethod.POST.equals(method) || HttpMethod.PATCH.equals(method)) {
			return WRITE;
		}
		if (HttpMethod.DELETE.equals(method)) {
			return DELETE;
		}
		return null;
	}

	static String authority(String scope) {
		return AUTHORITY_PREFIX + scope;
	}

	static boolean granted(Authentication authentication, @Nullable String scope) {
		if (scope == null || !authentication.isAuthenticated()) {
			return false;
		}
		String authority = authority(scope);
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
