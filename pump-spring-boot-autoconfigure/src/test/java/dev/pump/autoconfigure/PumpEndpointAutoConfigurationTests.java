package dev.pump.autoconfigure;

import dev.pump.actuate.PumpsEndpoint;
import dev.pump.actuate.PumpsEndpointWebExtension;
import dev.pump.registry.PumpRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpEndpointAutoConfiguration}.
 */
class PumpEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpEndpointAutoConfiguration.class));

	@Test
	void runWhenExposedShouldHaveEndpointBean() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pumps")
			.run((context) -> assertThat(context).hasSingleBean(PumpsEndpoint.class));
	}

	@Test
	void runWhenExposedOverHttpShouldHaveWebExtension() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pumps")
			.run((context) -> assertThat(context).hasSingleBean(PumpsEndpointWebExtension.class));
	}

	@Test
	void runWhenExposedOverJmxOnlyShouldNotHaveWebExtension() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=pumps")
			.run((context) -> assertThat(context).hasSingleBean(PumpsEndpoint.class)
				.doesNotHaveBean(PumpsEndpointWebExtension.class));
	}

	@Test
	void runWithUserWebExtensionShouldBackOff() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pumps")
			.withBean("userExtension", PumpsEndpointWebExtension.class,
					() -> new PumpsEndpointWebExtension(new PumpsEndpoint(new PumpRegistry())))
			.run((context) -> assertThat(context).hasSingleBean(PumpsEndpointWebExtension.class)
				.hasBean("userExtension"));
	}

	@Test
	void runWhenNotExposedShouldNotHaveEndpointBean() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(PumpsEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotHaveEndpointBean() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=pumps",
					"management.endpoint.pumps.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(PumpsEndpoint.class));
	}

	@Test
	void runWhenAccessIsUnrestrictedShouldHaveEndpointBean() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=pumps",
					"management.endpoint.pumps.access=UNRESTRICTED")
			.run((context) -> assertThat(context).hasSingleBean(PumpsEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldBackOff() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=pumps")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PumpRegistry.class)
				.doesNotHaveBean(PumpsEndpoint.class));
	}

	@Test
	void runWithUserEndpointShouldBackOff() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pumps")
			.withBean("userEndpoint", PumpsEndpoint.class, () -> new PumpsEndpoint(new PumpRegistry()))
			.run((context) -> assertThat(context).hasSingleBean(PumpsEndpoint.class).hasBean("userEndpoint"));
	}

	@Test
	void runWithoutPumpRegistryShouldNotHaveEndpointBean() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PumpEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=pumps")
			.run((context) -> assertThat(context).doesNotHaveBean(PumpsEndpoint.class));
	}

}
