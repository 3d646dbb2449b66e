package dev.pump.autoconfigure;

import dev.pump.PumpFactory;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.observation.PumpObservationListener;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpObservationAutoConfiguration}.
 */
class PumpObservationAutoConfigurationTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PumpAutoConfiguration.class, PumpObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.observations);

	@Test
	void runWithObservationRegistryShouldObserveEachTransfer() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PumpObservationListener.class);
			context.getBean(PumpFactory.class)
				.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
				.start()
				.cancel();
			assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
				.that()
				.hasLowCardinalityKeyValue("outcome", "cancelled");
		});
	}

	@Test
	void runWithObservationDisabledShouldNotObserve() {
		this.runner.withPropertyValues("pump.observation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PumpObservationListener.class));
	}

	@Test
	void runWithoutSlf4jShouldNotObserve() {
		this.runner.withClassLoader(new FilteredClassLoader("org.slf4j"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PumpObservationListener.class));
	}

	@Test
	void runWithoutObservationRegistryShouldNotObserve() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PumpAutoConfiguration.class, PumpObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PumpObservationListener.class));
	}

	@Test
	void meterFilterDeniesOnlyTheMetersOfTheObservation() {
		this.runner.run((context) -> {
			MeterFilter filter = context.getBean(MeterFilter.class);
			assertThat(filter.accept(id("pump.transfer"))).isEqualTo(MeterFilterReply.DENY);
			assertThat(filter.accept(id("pump.transfer.active"))).isEqualTo(MeterFilterReply.DENY);
			assertThat(filter.accept(id("pump.transfers"))).isEqualTo(MeterFilterReply.NEUTRAL);
			assertThat(filter.accept(id("pump.bytes"))).isEqualTo(MeterFilterReply.NEUTRAL);
		});
	}

	private static Meter.Id id(String name) {
		return new Meter.Id(name, Tags.empty(), null, null, Meter.Type.TIMER);
	}

}
