package dev.pump.demo.security;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.util.UriComponentsBuilder;

import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;

/**
 * Issues presigned URLs on behalf of a subject: checks the request (method, key,
 * lifetime) and makes the absolute URL, on {@code demo.security.public-url} or else on
 * the URL the client used. Shared by {@code POST /presigned-urls} and the dashboard.
 */
final class PresignedUrlIssuer {

	private static final Set<String> METHODS = Set.of("PUT", "GET", "DELETE");

	private final PresignedUrls urls;

	private final @Nullable URI publicUrl;

	PresignedUrlIssuer(PresignedUrls urls, SecurityProperties properties) {
		this.urls = urls;
		this.publicUrl = properties.getPublicUrl();
	}

	/**
	 * Check what is asked before the caller's rights are checked.
	 * @param request what is asked
	 * @return the key
	 * @throws ErrorResponseException 400 if the request is invalid
	 */
	Checked check(PresignRequest request) {
		String method = request.method();
		if (method == null || !METHODS.contains(method)) {
			throw badRequest("method must be PUT, GET or DELETE");
		}
		if (request.key() == null) {
			throw badRequest("key is required");
		}
		if (request.expiresIn() == null) {
			throw badRequest("expiresIn is required, an ISO-8601 duration such as PT15M");
		}
		try {
			return new Checked(HttpMethod.valueOf(method), ObjectKey.of(request.key()),
					Duration.parse(request.expiresIn()));
		}
		catch (InvalidKeyException ex) {
			throw badRequest("Invalid key: " + ex.getMessage());
		}
		catch (DateTimeParseException ex) {
			throw badRequest("expiresIn must be an ISO-8601 duration such as PT15M");
		}
	}

	/**
	 * Issue a URL.
	 * @param checked what is asked, checked
	 * @param subject who asks
	 * @param requestUri the URI the request was sent to, for the host of the URL when
	 * {@code demo.security.public-url} is not set
	 * @return the URL
	 * @throws ErrorResponseException 400 if the lifetime is too long
	 */
	PresignedUrl issue(Checked checked, String subject, URI requestUri) {
		String pathAndQuery;
		try {
			pathAndQuery = this.urls.sign(checked.method(), checked.key(), checked.expiresIn(), subject);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest(ex.getMessage());
		}
		URI base = (this.publicUrl != null) ? this.publicUrl : requestUri;
		String origin = UriComponentsBuilder.fromUri(base)
			.replacePath(null)
			.replaceQuery(null)
			.fragment(null)
			.build()
			.toUriString();
		AuditLog.presigned(checked.method().name(), checked.key().value(), checked.expiresIn().toString(), subject);
		return new PresignedUrl(origin + pathAndQuery);
	}

	private static ErrorResponseException badRequest(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid presigned URL request");
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	/**
	 * The body of {@code POST /presigned-urls}.
	 *
	 * @param method {@code PUT}, {@code GET} or {@code DELETE}
	 * @param key the key
	 * @param expiresIn the lifetime, an ISO-8601 duration such as {@code PT15M}
	 */
	record PresignRequest(@Nullable String method, @Nullable String key, @Nullable String expiresIn) {

	}

	/**
	 * A presigned URL issued.
	 *
	 * @param url the absolute URL
	 */
	record PresignedUrl(String url) {

	}

	/**
	 * A request that makes sense.
	 *
	 * @param method the method
	 * @param key the key
	 * @param expiresIn the lifetime
	 */
	record Checked(HttpMethod method, ObjectKey key, Duration expiresIn) {

	}

}
