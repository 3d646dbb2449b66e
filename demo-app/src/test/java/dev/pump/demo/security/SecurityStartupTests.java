package dev.pump.demo.security;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.server.WebFilterChainProxy;

import dev.pump.demo.DemoApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The service refuses to start with security on and no usable secret or no way to check
 * tokens, and says why; with security off it has no security filter at all.
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
