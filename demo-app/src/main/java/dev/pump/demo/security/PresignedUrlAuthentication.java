package dev.pump.demo.security;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.pump.demo.storage.ObjectKey;

/**
 * A request with a presigned URL: before it is checked, what the URL claims; once
 * checked, the authority to use its one method on its one key.
 */
final class PresignedUrlAuthentication extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final HttpMethod method;

	private final ObjectKey key;

	private final String expires;

	private final String subject;

	private final String signature;

	private PresignedUrlAuthentication(HttpMethod method, ObjectKey key, String expires, String subject,
			String signature, boolean checked) {
		super(checked ? authorities(method) : List.of());
		this.method = method;
		this.key = key;
		this.expires = expires;
		this.subject = subject;
		this.signature = signature;
		setAuthenticated(checked);
	}

	private static List<SimpleGrantedAuthority> authorities(HttpMethod method) {
		String scope = Scopes.forMethod(method);
		return (scope != null) ? List.of(new SimpleGrantedAuthority(Scopes.authority(scope))) : List.of();
	}

	static PresignedUrlAuthentication unchecked(HttpMethod method, ObjectKey key, String expires, String subject,
			String signature) {
		return new PresignedUrlAuthentication(method, key, expires, subject, signature, false);
	}

	PresignedUrlAuthentication checked() {
		return new PresignedUrlAuthentication(this.method, this.key, this.expires, this.subject, this.signature, true);
	}

	HttpMethod method() {
		return this.method;
	}

	ObjectKey key() {
		return this.key;
	}

	String expires() {
		return this.expires;
	}

	String subject() {
		return this.subject;
	}

	String signature() {
		return this.signature;
	}

	@Override
	public String getName() {
		return this.subject;
	}

	@Override
	public Object getCredentials() {
		return this.signature;
	}

	@Override
	public Object getPrincipal() {
		return this.subject;
	}

}
