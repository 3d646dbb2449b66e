package dev.pump.autoconfigure;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.registry.BandwidthLimiter;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.PumpRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link PumpFactory}, the {@link PumpRegistry} of its pumps
 * and the {@link BandwidthLimiter} of {@code pump.bandwidth.*}.
 */
@AutoConfiguration
@ConditionalOnClass(Pump.class)
@EnableConfigurationProperties(PumpProperties.class)
public final class PumpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PumpRegistry pumpRegistry(PumpProperties properties) {
		return new PumpRegistry(properties.getHistorySize());
	}

	@Bean
	@ConditionalOnMissingBean
	BandwidthLimiter pumpBandwidthLimiter(PumpProperties properties) {
		return new BandwidthLimiter(BandwidthLimitsMapper.limits(properties.getBandwidth()),
				toInt(properties.getWriteQueueMaxSize()));
	}

	@Bean
	@ConditionalOnMissingBean(PumpFactory.class)
	DefaultPumpFactory pumpFactory(PumpRegistry pumpRegistry, PumpProperties properties,
			BandwidthLimiter pumpBandwidthLimiter) {
		return new DefaultPumpFactory(pumpRegistry, toInt(properties.getWriteQueueMaxSize()), pumpBandwidthLimiter);
	}

	private static int toInt(DataSize size) {
		long bytes = size.toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
			throw new IllegalStateException("pump.write-queue-max-size must be between 1B and 2GB: " + size);
		}
		return (int) bytes;
	}

}
