package dev.pump.autoconfigure;

import dev.pump.metrics.PumpMetrics;
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
 * Auto-configuration} of the {@link PumpMetrics meters of pumps}, once Spring Boot has
 * configured the {@link MeterRegistry}.
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
	PumpMetrics pumpMetrics(MeterRegistry meterRegistry, PumpRegistry pumpRegistry, PumpProperties properties) {
		PumpProperties.Metrics metrics = properties.getMetrics();
		PumpMetrics pumpMetrics = new PumpMetrics(meterRegistry, metrics.getMaxPumpsWithMeters(),
				metrics.getMaxNames());
		pumpMetrics.bindTo(pumpRegistry);
		return pumpMetrics;
	}

}
