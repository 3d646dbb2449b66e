package dev.pump.demo.security;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security of the service. The tokens themselves are checked as configured by Spring
 * Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties.
 */
@ConfigurationProperties("demo.security")
public class SecurityProperties {

	/**
	 * Whether the files API requires a JWT bearer token (or a presigned URL), and the
	 * actuator and the dashboard are served only on management.server.port.
	 */
	private boolean enabled;

	/**
	 * Secret key of the HMAC-SHA256 signatures of presigned URLs, at least 32 bytes
	 * (UTF-8). Required when security is enabled; the same on every instance behind a
	 * load balancer.
	 */
	private @Nullable String presignSecret;

	/**
	 * Longest lifetime of a presigned URL.
	 */
	private Duration presignMaxExpiry = Duration.ofHours(1);

	/**
	 * Base URL of the service as clients reach it (scheme, host, port), for the presigned
	 * URLs it mints, such as https://files.example.com. When not set, the URL the request
	 * was sent to (honouring server.forward-headers-strategy).
	 */
	private @Nullable URI publicUrl;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getPresignSecret() {
		return this.presignSecret;
	}

	public void setPresignSecret(@Nullable String presignSecret) {
		this.presignSecret = presignSecret;
	}

	public Duration getPresignMaxExpiry() {
		return this.presignMaxExpiry;
	}

	public void setPresignMaxExpiry(Duration presignMaxExpiry) {
		this.presignMaxExpiry = presignMaxExpiry;
	}

	public @Nullable URI getPublicUrl() {
		return this.publicUrl;
	}

	public void setPublicUrl(@Nullable URI publicUrl) {
		this.publicUrl = publicUrl;
	}

}
