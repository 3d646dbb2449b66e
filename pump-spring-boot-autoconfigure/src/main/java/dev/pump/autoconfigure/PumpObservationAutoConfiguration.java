package dev.pump.autoconfigure;

import dev.pump.observation.DefaultPumpObservationConvention;
import dev.pump.observation.PumpObservationConvention;
import dev.pump.observation.PumpObservationListener;
import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the transfer observation of managed pumps, from Spring Boot's
 * {@link ObservationRegistry}: a span per transfer when tracing is on, and one log line
 * per finished transfer.
 *
 * <p>
 * The meters do not double: the {@code pump.transfers} timer of the metrics counts
 * transfers, so a {@link MeterFilter} denies the meters that Boot's default meter
 * observation handler would make of this observation (named
 * {@value DefaultPumpObservationConvention#NAME} and below). A predicate could not do it:
 * it would turn off the spans as well.
 */
@AutoConfiguration(after = PumpAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
// SLF4J 2 writes the transfer log line; every Boot logging starter brings it.
@ConditionalOnClass(value = { ObservationRegistry.class, PumpObservationListener.class },
		name = "org.slf4j.spi.LoggingEventBuilder")
@ConditionalOnBean({ ObservationRegistry.class, PumpRegistry.class })
@ConditionalOnBooleanProperty(name = "pump.observation.enabled", matchIfMissing = true)
public final class PumpObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PumpObservationListener pumpObservationListener(ObservationRegistry observationRegistry, PumpRegistry pumpRegistry,
			ObjectProvider<PumpObservationConvention> convention) {
		PumpObservationListener listener = new PumpObservationListener(observationRegistry,
				convention.getIfAvailable());
		pumpRegistry.addListener(listener);
		return listener;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterFilter.class)
	static final class TransferMeterFilterConfiguration {

		@Bean
		MeterFilter pumpTransferObservationMeterFilter() {
			return new MeterFilter() {
				@Override
				public MeterFilterReply accept(Meter.Id id) {
					String name = id.getName();
					boolean ofObservation = name.equals(DefaultPumpObservationConvention.NAME)
							|| name.startsWith(DefaultPumpObservationConvention.NAME + ".");
					return ofObservation ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
				}
			};
		}

	}

}
