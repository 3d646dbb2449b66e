package dev.pump.autoconfigure;

import dev.pump.metrics.PumpMetricsBinder;
import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link PumpMetricsBinder meters of pumps}. The binder is a
 * {@link io.micrometer.core.instrument.binder.MeterBinder} bean: Spring Boot's metrics
 * auto-configuration binds it to the {@link MeterRegistry} once every singleton is
 * created, and the context closes it, which removes the meters.
 */
@AutoConfiguration(after = PumpAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, PumpRegistry.class })
@ConditionalOnBooleanProperty(name = "pump.metrics.enabled", matchIfMissing = true)
public final class PumpMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PumpMetricsBinder pumpMetricsBinder(PumpRegistry pumpRegistry, PumpProperties properties) {
		PumpProperties.Metrics metrics = properties.getMetrics();
		return new PumpMetricsBinder(pumpRegistry, metrics.getMaxPumpsWithMeters(), metrics.getMaxNames(),
				metrics.getPerPumpDelay());
	}

}
