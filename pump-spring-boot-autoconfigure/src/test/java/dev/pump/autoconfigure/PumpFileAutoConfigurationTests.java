package dev.pump.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import dev.pump.test.TrackingDataBufferFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpFileAutoConfiguration}.
 */
class PumpFileAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PumpFileAutoConfiguration.class));

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	@TempDir
	Path directory;

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void runShouldCreateFileThreadsOfTheDefaultSizes() {
		this.runner.run((context) -> {
			FileThreads threads = context.getBean(FileThreads.class);
			assertThat(threads).isNotSameAs(FileThreads.shared());
			assertThat(threads.writerThreads()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
			assertThat(threads.forceThreads()).isEqualTo(10 * Runtime.getRuntime().availableProcessors());
		});
	}

	@Test
	void runWithPropertiesShouldSizeTheThreads() {
		this.runner.withPropertyValues("pump.file.writer-threads=3", "pump.file.force-threads=2").run((context) -> {
			FileThreads threads = context.getBean(FileThreads.class);
			assertThat(threads.writerThreads()).isEqualTo(3);
			assertThat(threads.forceThreads()).isEqualTo(2);
		});
	}

	@Test
	void runWithZeroWriterThreadsShouldFailWithTheReason() {
		this.runner.withPropertyValues("pump.file.writer-threads=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("threads must be greater than zero"));
	}

	@Test
	void runWithUserFileThreadsShouldBackOff() {
		FileThreads own = FileThreads.create(1, 1);
		try {
			this.runner.withBean(FileThreads.class, () -> own)
				.run((context) -> assertThat(context).getBean(FileThreads.class).isSameAs(own));
		}
		finally {
			own.close();
		}
	}

	@Test
	void streamsWriteOnTheThreadsUntilTheContextClosesThemThenFail() throws IOException {
		AtomicReference<FileThreads> threads = new AtomicReference<>();
		Path file = this.directory.resolve("out.bin");
		this.runner.run((context) -> {
			threads.set(context.getBean(FileThreads.class));
			AsyncFileWriteStream stream = AsyncFileWriteStream.open(file,
					FileWriteOptions.defaults().forceOnEnd().threads(threads.get()));
			AtomicReference<String> writtenOn = new AtomicReference<>();
			stream.writeObserver((bytes) -> writtenOn.set(Thread.currentThread().getName()));
			stream.write(this.bufferFactory.wrap(new byte[] { 1, 2, 3 }));
			assertThat(stream.end()).succeedsWithin(TIMEOUT);
			assertThat(writtenOn.get()).startsWith("pump-file-writer-");
			assertThat(threads.get().isTerminated()).isFalse();
		});
		assertThat(threads.get().isTerminated()).isTrue();
		assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
		AsyncFileWriteStream late = AsyncFileWriteStream.open(file, FileWriteOptions.defaults().threads(threads.get()));
		late.write(this.bufferFactory.wrap(new byte[] { 4 }));
		assertThat(late.end()).failsWithin(TIMEOUT);
	}

	@Test
	void runWithMeterRegistryShouldPublishGaugesOfTheThreads() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				for (String kind : new String[] { "writer", "force" }) {
					assertThat(meters.get(FileThreadsMeterBinder.QUEUED).tag("kind", kind).gauge().value()).isZero();
					assertThat(meters.get(FileThreadsMeterBinder.ACTIVE).tag("kind", kind).gauge().value()).isZero();
				}
			});
	}

	@Test
	void runWithMetricsDisabledShouldNotBindTheGauges() {
		this.runner.withPropertyValues("pump.metrics.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(FileThreads.class)
				.doesNotHaveBean(FileThreadsMeterBinder.class));
	}

	@Test
	void runWithoutMicrometerShouldStillCreateTheThreads() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(FileThreads.class)
				.doesNotHaveBean(FileThreadsMeterBinder.class));
	}

}
