package dev.pump.demo.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;

import dev.pump.demo.DemoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.server.WebFilterChainProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The service refuses to start with security on and no usable secret or no way to check
 * tokens, and says why; without a management port it keeps the actuator closed; with
 * security off it has no security filter at all.
 */
class SecurityStartupTests {

	@TempDir
	Path root;

	@Test
	void securityWithoutASecretDoesNotStart() {
		assertThatException().isThrownBy(() -> start("--demo.security.enabled=true", publicKey()))
			.withRootCauseInstanceOf(IllegalStateException.class)
			.havingRootCause()
			.withMessageContaining("demo.security.presign-secret must be set");
	}

	@Test
	void securityWithAShortSecretDoesNotStart() {
		assertThatException()
			.isThrownBy(() -> start("--demo.security.enabled=true", publicKey(),
					"--demo.security.presign-secret=" + "s".repeat(31)))
			.havingRootCause()
			.withMessageContaining("31 bytes long: it must be at least 32 bytes");
	}

	@Test
	void securityWithoutAWayToCheckTokensDoesNotStart() {
		assertThatException()
			.isThrownBy(() -> start("--demo.security.enabled=true", "--demo.security.presign-secret=" + "s".repeat(32)))
			.havingRootCause()
			.withMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
	}

	@Test
	void securityWithA32ByteSecretStarts() {
		try (ConfigurableApplicationContext context = start("--demo.security.enabled=true", publicKey(),
				"--demo.security.presign-secret=" + "s".repeat(32))) {
			assertThat(context.getBeanProvider(WebFilterChainProxy.class).getIfAvailable()).isNotNull();
		}
	}

	@Test
	void securityWithoutAManagementPortServesNoActuator() throws Exception {
		try (ConfigurableApplicationContext context = start("--demo.security.enabled=true", publicKey(),
				"--demo.security.presign-secret=" + "s".repeat(32))) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpResponse<String> health = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(401);
		}
	}

	@Test
	void securityOffHasNoSecurityFilter() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBeanProvider(WebFilterChainProxy.class).getIfAvailable()).isNull();
			assertThat(context.getBeanNamesForType(PresignedUrls.class)).isEmpty();
		}
	}

	private static String publicKey() {
		return "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation();
	}

	private ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(DemoApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1",
					"demo.storage.directory=" + this.root.resolve("storage"))
			.run(args);
	}

}
