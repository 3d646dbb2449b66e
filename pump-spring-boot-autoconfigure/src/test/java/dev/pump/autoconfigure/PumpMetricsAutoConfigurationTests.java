package dev.pump.autoconfigure;

import dev.pump.PumpFactory;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.metrics.PumpMeters;
import dev.pump.metrics.PumpMeters.PumpKeyNames;
import dev.pump.metrics.PumpMetricsBinder;
import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpMetricsAutoConfiguration}.
 */
class PumpMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void runWithMeterRegistryShouldPublishMetersOfPumps() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(PumpMetricsBinder.class);
			context.getBean(PumpFactory.class)
				.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
				.start();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(
					meters.get(PumpMeters.ACTIVE.getName()).tag(PumpKeyNames.NAME.asString(), "upload").gauge().value())
				.isOne();
		});
	}

	@Test
	void runAfterBootMetricsAutoConfigurationShouldPublishToItsRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PumpMetricsAutoConfiguration.class,
				PumpAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, MetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(PumpMetricsBinder.class);
				context.getBean(PumpFactory.class)
					.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
					.start();
				assertThat(context.getBean(MeterRegistry.class).find(PumpMeters.ACTIVE.getName()).gauge()).isNotNull();
			});
	}

	@Test
	void runWithMaxPumpsWithMetersPropertyShouldUseIt() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withPropertyValues("pump.metrics.max-pumps-with-meters=0")
			.run((context) -> {
				context.getBean(PumpFactory.class)
					.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
					.start();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
				assertThat(meters.find(PumpMeters.BYTES_PUMPED.getName()).meters()).hasSize(1);
			});
	}

	@Test
	void closeContextShouldRemoveMetersOfPumps() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, PumpAutoConfiguration.class,
					PumpMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, () -> meters)
			.withPropertyValues("pump.metrics.per-pump-delay=0")
			.run((context) -> {
				context.getBean(PumpFactory.class)
					.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
					.start();
				assertThat(meters.find(PumpMeters.BYTES.getName()).meters()).hasSize(1);
				assertThat(meters.find(PumpMeters.ACTIVE.getName()).meters()).hasSize(1);
			});
		assertThat(meters.getMeters()).extracting((meter) -> meter.getId().getName())
			.noneMatch((name) -> name.startsWith("pump."));
	}

	@Test
	void runWithoutMeterRegistryShouldBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(PumpFactory.class)
				.doesNotHaveBean(PumpMetricsBinder.class));
	}

	@Test
	void runWithoutMicrometerShouldBackOff() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PumpFactory.class)
				.doesNotHaveBean(PumpMetricsBinder.class));
	}

	@Test
	void runWhenMetricsDisabledShouldBackOff() {
		this.runner.withPropertyValues("pump.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PumpMetricsBinder.class));
	}

	@Test
	void runWithUserPumpMetricsBinderShouldBackOff() {
		this.runner
			.withBean("userPumpMetricsBinder", PumpMetricsBinder.class, () -> new PumpMetricsBinder(new PumpRegistry()))
			.run((context) -> assertThat(context).hasSingleBean(PumpMetricsBinder.class)
				.hasBean("userPumpMetricsBinder"));
	}

	@Test
	void runWithoutPumpRegistryShouldBackOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PumpMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PumpMetricsBinder.class)
				.doesNotHaveBean(PumpRegistry.class));
	}

}
