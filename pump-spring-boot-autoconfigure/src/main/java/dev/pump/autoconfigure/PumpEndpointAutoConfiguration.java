package dev.pump.autoconfigure;

import dev.pump.actuate.PumpsEndpoint;
import dev.pump.actuate.PumpsEndpointWebExtension;
import dev.pump.registry.PumpRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link PumpsEndpoint pumps endpoint}, and of its
 * {@link PumpsEndpointWebExtension web extension} when it is exposed over HTTP.
 */
@AutoConfiguration(after = PumpAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(PumpsEndpoint.class)
public final class PumpEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PumpRegistry.class)
	PumpsEndpoint pumpsEndpoint(PumpRegistry pumpRegistry) {
		return new PumpsEndpoint(pumpRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PumpsEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = PumpsEndpoint.class, exposure = EndpointExposure.WEB)
	PumpsEndpointWebExtension pumpsEndpointWebExtension(PumpsEndpoint pumpsEndpoint) {
		return new PumpsEndpointWebExtension(pumpsEndpoint);
	}

}
