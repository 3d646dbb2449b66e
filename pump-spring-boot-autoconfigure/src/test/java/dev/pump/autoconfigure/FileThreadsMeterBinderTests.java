package dev.pump.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import dev.pump.test.TrackingDataBufferFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FileThreadsMeterBinder}: the gauges read the threads, and their
 * Prometheus names.
 */
class FileThreadsMeterBinderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TrackingDataBufferFactory buffers = new TrackingDataBufferFactory();

	@TempDir
	Path directory;

	@AfterEach
	void allBuffersReleased() {
		this.buffers.awaitAllReleased(TIMEOUT);
	}

	@Test
	void gaugesShowABusyWriterAndATaskWaitingForIt() throws Exception {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		try (FileThreads threads = FileThreads.create(1, 1)) {
			new FileThreadsMeterBinder(threads).bindTo(registry);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch holding = new CountDownLatch(1);
			// The lane is held by the first stream's observer; the second stream's task
			// waits behind it.
			AsyncFileWriteStream held = open(threads, "held.bin").writeObserver((bytes) -> {
				holding.countDown();
				awaitQuietly(release);
			});
			held.write(this.buffers.wrap(new byte[1]));
			assertThat(holding.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			AsyncFileWriteStream waiting = open(threads, "waiting.bin");
			waiting.write(this.buffers.wrap(new byte[1]));
			assertThat(registry.get(FileThreadsMeterBinder.ACTIVE).tag("kind", "writer").gauge().value()).isOne();
			assertThat(registry.get(FileThreadsMeterBinder.QUEUED).tag("kind", "writer").gauge().value()).isOne();
			assertThat(registry.scrape()).contains("pump_file_threads_active_threads{kind=\"writer\"} 1.0")
				.contains("pump_file_threads_queued_tasks{kind=\"writer\"} 1.0")
				.contains("pump_file_threads_queued_tasks{kind=\"force\"} 0.0");
			release.countDown();
			assertThat(held.end()).succeedsWithin(TIMEOUT);
			assertThat(waiting.end()).succeedsWithin(TIMEOUT);
			await().atMost(TIMEOUT)
				.until(() -> registry.get(FileThreadsMeterBinder.ACTIVE).tag("kind", "writer").gauge().value() == 0);
		}
	}

	private AsyncFileWriteStream open(FileThreads threads, String name) throws IOException {
		return AsyncFileWriteStream.open(this.directory.resolve(name), FileWriteOptions.defaults().threads(threads));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
