package dev.pump.autoconfigure;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.BandwidthLimiter;
import dev.pump.registry.BandwidthLimits;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpAutoConfiguration}.
 */
class PumpAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class));

	@Test
	void runShouldProvidePumpFactoryAndRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PumpFactory.class).hasSingleBean(PumpRegistry.class);
			assertThat(context.getBean(DefaultPumpFactory.class).registry())
				.isSameAs(context.getBean(PumpRegistry.class));
		});
	}

	@Test
	void runShouldUseDefaultWriteQueueMaxSize() {
		this.runner.run((context) -> assertThat(writeQueueMaxSizeOfNewPump(context.getBean(PumpFactory.class)))
			.isEqualTo(256 * 1024));
	}

	@Test
	void runWithWriteQueueMaxSizePropertyShouldUseIt() {
		this.runner.withPropertyValues("pump.write-queue-max-size=2MB")
			.run((context) -> assertThat(writeQueueMaxSizeOfNewPump(context.getBean(PumpFactory.class)))
				.isEqualTo(2 * 1024 * 1024));
	}

	@Test
	void runWithoutBandwidthPropertiesShouldLimitNothing() {
		this.runner.run((context) -> {
			BandwidthLimits limits = context.getBean(BandwidthLimiter.class).limits();
			assertThat(limits.perPump("upload")).isZero();
			assertThat(limits.total()).isZero();
			assertThat(newPump(context.getBean(PumpFactory.class)).bytesPerSecondLimit()).isEmpty();
		});
	}

	@Test
	void runWithBandwidthPropertiesShouldApplyTheStrictest() {
		this.runner
			.withPropertyValues("pump.bandwidth.per-pump=8MB", "pump.bandwidth.total=64MB",
					"pump.bandwidth.names.upload.per-pump=4MB", "pump.bandwidth.names.upload.total=16MB",
					"pump.bandwidth.names.download.per-pump=32MB")
			.run((context) -> {
				BandwidthLimits limits = context.getBean(BandwidthLimiter.class).limits();
				assertThat(limits.perPump("upload")).isEqualTo(4L * 1024 * 1024);
				assertThat(limits.perPump("download")).isEqualTo(8L * 1024 * 1024);
				assertThat(limits.perPump("other")).isEqualTo(8L * 1024 * 1024);
				assertThat(limits.total()).isEqualTo(64L * 1024 * 1024);
				assertThat(limits.total("upload")).isEqualTo(16L * 1024 * 1024);
				assertThat(limits.total("download")).isZero();
				assertThat(((ManagedPump) context.getBean(PumpFactory.class)
					.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>()))
					.bytesPerSecondLimit()).hasValue(4L * 1024 * 1024);
			});
	}

	@Test
	void runWithZeroBandwidthShouldFail() {
		this.runner.withPropertyValues("pump.bandwidth.names.upload.total=0B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pump.bandwidth.names.upload.total must be greater than zero"));
	}

	private static ManagedPump newPump(PumpFactory factory) {
		return (ManagedPump) factory.create(new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>());
	}

	@Test
	void runWithTooLargeWriteQueueMaxSizeShouldFail() {
		this.runner.withPropertyValues("pump.write-queue-max-size=4GB")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void runWithHistorySizePropertyShouldKeepThatManyFinishedPumps() {
		this.runner.withPropertyValues("pump.history-size=1").run((context) -> {
			PumpFactory factory = context.getBean(PumpFactory.class);
			for (int i = 0; i < 3; i++) {
				factory.create(new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>()).start().cancel();
			}
			assertThat(context.getBean(PumpRegistry.class).recent()).hasSize(1);
		});
	}

	@Test
	void runWithUserPumpFactoryShouldBackOff() {
		this.runner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PumpFactory.class).doesNotHaveBean(DefaultPumpFactory.class);
			assertThat(context.getBean(PumpFactory.class)).isSameAs(context.getBean("userPumpFactory"));
		});
	}

	@Test
	void runWithUserRegistryShouldUseIt() {
		this.runner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PumpRegistry.class);
			assertThat(context.getBean(DefaultPumpFactory.class).registry())
				.isSameAs(context.getBean("userPumpRegistry"));
		});
	}

	@Test
	void runWithoutMicrometerAndActuatorShouldStillProvidePumpFactory() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpMetricsAutoConfiguration.class,
					PumpEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PumpFactory.class));
	}

	@Test
	void runWithoutTheAwsSdkShouldStillProvidePumpFactory() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpMetricsAutoConfiguration.class,
					PumpEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("software.amazon.awssdk"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PumpFactory.class));
	}

	private static int writeQueueMaxSizeOfNewPump(PumpFactory factory) {
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		factory.create("test", new InMemoryReadStream<>(), destination);
		return destination.writeQueueMaxSize();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		PumpFactory userPumpFactory() {
			return new PumpFactory() {

				@Override
				public <T> Pump create(String name, ReadStream<T> readStream, WriteStream<T> writeStream) {
					return Pump.pump(readStream, writeStream);
				}

				@Override
				public <T> Pump create(ReadStream<T> readStream, WriteStream<T> writeStream) {
					return Pump.pump(readStream, writeStream);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean
		PumpRegistry userPumpRegistry() {
			return new PumpRegistry(5);
		}

	}

}
