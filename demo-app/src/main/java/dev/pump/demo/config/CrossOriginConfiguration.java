package dev.pump.demo.config;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Cross-origin requests from the browsers of {@code demo.cors.allowed-origins}: the files
 * API, presigned URLs and tus uploads, with the headers uploads and downloads need.
 *
 * <p>
 * A filter ahead of every other (and of the security filters), so that preflight
 * requests, which carry no credential, are answered without one. No credentials mode:
 * tokens travel in the {@code Authorization} header, never in cookies.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("demo.cors.allowed-origins")
public class CrossOriginConfiguration {

	/**
	 * Request headers of uploads, ranges, conditional requests and tus.
	 */
	static final List<String> ALLOWED_HEADERS = List.of("Authorization", "Content-Type", "Range", "If-Match",
			"If-None-Match", "Tus-Resumable", "Upload-Length", "Upload-Offset", "Upload-Metadata",
			"Upload-Defer-Length", "Upload-Concat", "X-HTTP-Method-Override", "X-Requested-With");

	/**
	 * Response headers that scripts may read: where an upload went, versions, ranges,
	 * retries, tus offsets, and why a token was refused.
	 */
	static final List<String> EXPOSED_HEADERS = List.of("Location", "ETag", "Content-Length", "Content-Range",
			"Accept-Ranges", "Retry-After", "WWW-Authenticate", "Tus-Resumable", "Tus-Version", "Tus-Extension",
			"Tus-Max-Size", "Upload-Offset", "Upload-Length", "Upload-Expires", "Upload-Metadata");

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	CorsWebFilter corsWebFilter(DemoProperties properties) {
		org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
		cors.setAllowedOrigins(properties.getCors().getAllowedOrigins());
		cors.setAllowedMethods(List.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE"));
		cors.setAllowedHeaders(ALLOWED_HEADERS);
		cors.setExposedHeaders(EXPOSED_HEADERS);
		cors.setAllowCredentials(false);
		cors.setMaxAge(properties.getCors().getMaxAge());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/files", cors);
		source.registerCorsConfiguration("/files/**", cors);
		source.registerCorsConfiguration("/presigned-urls", cors);
		source.registerCorsConfiguration("/uploads", cors);
		source.registerCorsConfiguration("/uploads/**", cors);
		return new CorsWebFilter(source);
	}

}
