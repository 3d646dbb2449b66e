package dev.pump.autoconfigure;

import dev.pump.PumpFactory;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.metrics.PumpMeters;
import dev.pump.metrics.PumpMetrics;
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
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PumpMetrics.class);
			context.getBean(PumpFactory.class)
				.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
				.start();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(PumpMeters.ACTIVE.getName()).tag(PumpMeters.NAME_TAG, "upload").gauge().value())
				.isOne();
		});
	}

	@Test
	void runAfterBootMetricsAutoConfigurationShouldPublishToItsRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PumpMetricsAutoConfiguration.class,
				PumpAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, MetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(PumpMetrics.class);
				context.getBean(PumpFactory.class)
					.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
					.start();
				assertThat(context.getBean(MeterRegistry.class).find(PumpMeters.ACTIVE.getName()).gauge()).isNotNull();
			});
	}

	@Test
	void runWithMaxPumpsWithMetersPropertyShouldUseIt() {
		this.runner.withPropertyValues("pump.metrics.max-pumps-with-meters=0").run((context) -> {
			context.getBean(PumpFactory.class)
				.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
				.start();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
			assertThat(meters.find(PumpMeters.BYTES_PUMPED.getName()).meters()).hasSize(1);
		});
	}

	@Test
	void runWithoutMeterRegistryShouldBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(PumpFactory.class).doesNotHaveBean(PumpMetrics.class));
	}

	@Test
	void runWithoutMicrometerShouldBackOff() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PumpFactory.class)
				.doesNotHaveBean(PumpMetrics.class));
	}

	@Test
	void runWhenMetricsDisabledShouldBackOff() {
		this.runner.withPropertyValues("pump.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PumpMetrics.class));
	}

	@Test
	void runWithUserPumpMetricsShouldBackOff() {
		this.runner.withBean("userPumpMetrics", PumpMetrics.class, () -> new PumpMetrics(new SimpleMeterRegistry()))
			.run((context) -> assertThat(context).hasSingleBean(PumpMetrics.class).hasBean("userPumpMetrics"));
	}

	@Test
	void runWithoutPumpRegistryShouldBackOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PumpMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PumpMetrics.class)
				.doesNotHaveBean(PumpRegistry.class));
	}

}
