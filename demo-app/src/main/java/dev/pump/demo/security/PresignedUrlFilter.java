package dev.pump.demo.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.web.FileKeys;

/**
 * Authenticates the requests to {@code /files/{key}} that carry a presigned URL's
 * signature, with Spring Security's {@link AuthenticationWebFilter}: a valid URL gives
 * the scope of its method on its key, anything else (tampered, another key or method,
 * expired) is a 403. Requests without a signature pass on to the bearer tokens.
 */
final class PresignedUrlFilter {

	private PresignedUrlFilter() {
	}

	static AuthenticationWebFilter create(PresignedUrls urls, ServerAuthenticationFailureHandler failureHandler) {
		AuthenticationWebFilter filter = new AuthenticationWebFilter(authenticationManager(urls));
		filter.setServerAuthenticationConverter(PresignedUrlFilter::convert);
		filter.setAuthenticationFailureHandler(failureHandler);
		filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		return filter;
	}

	private static ReactiveAuthenticationManager authenticationManager(PresignedUrls urls) {
		return (authentication) -> Mono.fromCallable(() -> {
			PresignedUrlAuthentication presigned = (PresignedUrlAuthentication) authentication;
			urls.verify(presigned.method(), presigned.key(), presigned.expires(), presigned.subject(),
					presigned.signature());
			return presigned.checked();
		});
	}

	/**
	 * The converter: a {@link ServerAuthenticationConverter}.
	 */
	private static Mono<Authentication> convert(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		MultiValueMap<String, String> query = request.getQueryParams();
		String signature = query.getFirst(PresignedUrls.SIGNATURE);
		if (signature == null) {
			return Mono.empty();
		}
		String expires = query.getFirst(PresignedUrls.EXPIRES);
		String subject = query.getFirst(PresignedUrls.SUBJECT);
		if (expires == null || subject == null) {
			return Mono.error(new InvalidPresignedUrlException("The presigned URL is incomplete"));
		}
		ObjectKey key;
		try {
			key = FileKeys.fromPath(request);
		}
		catch (InvalidKeyException ex) {
			return Mono.error(new InvalidPresignedUrlException("The presigned URL names no valid key"));
		}
		HttpMethod method = request.getMethod();
		return Mono.just(PresignedUrlAuthentication.unchecked(method, key, expires, subject, signature));
	}

}
