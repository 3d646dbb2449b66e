package dev.pump.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.pump.Pump;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.metrics.PumpMeters.TransferKeyNames;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpMetricsBinder} and the {@link PumpRegistry} under pumps that
 * start, pause and finish on many threads while a reader scrapes them.
 */
class PumpMetricsBinderConcurrencyTests {

	private static final int THREADS = 4;

	private static final int PUMPS_PER_THREAD = 200;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PumpRegistry registry = new PumpRegistry(50);

	private volatile boolean done;

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 16);

	@Test
	void everyPumpLeavesRegistryAndMetersAndCountsItsBytesOnce() throws Exception {
		new PumpMetricsBinder(this.registry, 10, 10, Duration.ZERO).bindTo(this.meters);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				workers.add(executor.submit(this::runPumps));
			}
			Future<?> scraper = executor.submit(this::scrapeUntilDone);
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
			this.done = true;
			scraper.get(60, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.registry.live()).isEmpty();
		assertThat(this.registry.recent()).hasSize(50);
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
		assertThat(this.meters.get(PumpMeters.ACTIVE.getName()).gauge().value()).isZero();
		assertThat(this.meters.get(PumpMeters.BYTES_PUMPED.getName()).functionCounter().count())
			.isEqualTo(THREADS * PUMPS_PER_THREAD * 100.0);
		assertThat(this.meters.get(PumpMeters.TRANSFERS.getName())
			.tag(TransferKeyNames.OUTCOME.asString(), "success")
			.timer()
			.count()).isEqualTo(THREADS * PUMPS_PER_THREAD);
	}

	private void runPumps() {
		for (int i = 0; i < PUMPS_PER_THREAD; i++) {
			InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
			InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
			Pump pump = this.factory.create("load", source, destination).start();
			for (int j = 0; j < 5; j++) {
				source.push(new byte[20]);
				destination.takeAll();
			}
			source.end();
			assertThat(pump.completion().block(Duration.ofSeconds(10))).isEqualTo(100);
		}
	}

	private void scrapeUntilDone() {
		double last = 0;
		while (!this.done) {
			FunctionCounter counter = this.meters.find(PumpMeters.BYTES_PUMPED.getName()).functionCounter();
			double bytes = (counter != null) ? counter.count() : 0;
			assertThat(bytes).isGreaterThanOrEqualTo(last);
			last = bytes;
			this.registry.live().forEach(ManagedPump::snapshot);
			Thread.onSpinWait();
		}
	}

}
