package dev.pump.demo.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's security auto-configurations out unless
 * {@code demo.security.enabled=true}.
 *
 * <p>
 * Spring Security is on the class path for when security is enabled, and Boot would then
 * secure everything by default (every request 401, a generated password). Security off
 * must be the service as it was before: no security filter at all, not a permit-all chain
 * that still adds headers and filters to every request. Registered in
 * {@code META-INF/spring.factories}, like Boot's own class and bean conditions.
 */
public final class SecurityAutoConfigurationSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String SECURITY_AUTO_CONFIGURATIONS = "org.springframework.boot.security.";

	private boolean enabled;

	@Override
	public void setEnvironment(Environment environment) {
		this.enabled = environment.getProperty("demo.security.enabled", Boolean.class, false);
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < matches.length; i++) {
			String name = autoConfigurationClasses[i];
			matches[i] = this.enabled || name == null || !name.startsWith(SECURITY_AUTO_CONFIGURATIONS);
		}
		return matches;
	}

}
