package dev.pump.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.metrics.PumpMeters.LivePumpKeyNames;
import dev.pump.metrics.PumpMeters.PumpKeyNames;
import dev.pump.metrics.PumpMeters.TransferKeyNames;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PumpMetricsBinder}.
 */
class PumpMetricsBinderTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 8);

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	@Test
	void livePumpHasBytesMeter() {
		bind(10, 10);
		ManagedPump pump = startPump("upload");
		this.source.push(new byte[5]);
		assertThat(pumpMeter(PumpMeters.BYTES, pump).functionCounter().count()).isEqualTo(5);
	}

	@Test
	void livePumpHasPausedGauge() {
		bind(10, 10);
		ManagedPump pump = startPump("upload");
		assertThat(pumpMeter(PumpMeters.PAUSED, pump).gauge().value()).isZero();
		this.source.push(new byte[8]);
		assertThat(pumpMeter(PumpMeters.PAUSED, pump).gauge().value()).isOne();
	}

	@Test
	void livePumpHasWriteQueueGauge() {
		bind(10, 10);
		ManagedPump pump = startPump("upload");
		this.source.push(new byte[3]);
		assertThat(pumpMeter(PumpMeters.WRITE_QUEUE, pump).gauge().value()).isEqualTo(3);
	}

	@Test
	void pumpMetersAreRemovedWhenPumpFinishes() {
		bind(10, 10);
		ManagedPump pump = startPump("upload");
		pump.cancel();
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
		assertThat(this.meters.find(PumpMeters.PAUSED.getName()).meters()).isEmpty();
		assertThat(this.meters.find(PumpMeters.WRITE_QUEUE.getName()).meters()).isEmpty();
	}

	@Test
	void pumpsBeyondCapHaveNoMetersOfTheirOwn() {
		bind(1, 10);
		ManagedPump first = startPump("upload");
		ManagedPump second = startPump("upload");
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).functionCounters()).singleElement()
			.satisfies((counter) -> assertThat(counter.getId().getTag(LivePumpKeyNames.ID.asString()))
				.isEqualTo(first.id()));
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isEqualTo(2);
		first.cancel();
		ManagedPump third = startPump("upload");
		assertThat(
				this.meters.find(PumpMeters.BYTES.getName()).tag(LivePumpKeyNames.ID.asString(), third.id()).meters())
			.hasSize(1);
		assertThat(
				this.meters.find(PumpMeters.BYTES.getName()).tag(LivePumpKeyNames.ID.asString(), second.id()).meters())
			.isEmpty();
	}

	@Test
	void activeAndPausedGaugesCountLivePumpsOfName() {
		bind(10, 10);
		startPump("upload");
		this.source.push(new byte[8]);
		startOtherPump("upload");
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isEqualTo(2);
		assertThat(nameMeter(PumpMeters.ACTIVE_PAUSED, "upload").gauge().value()).isOne();
	}

	@Test
	void pausesCountsPauseEventsOfName() {
		bind(10, 10);
		startPump("upload");
		this.source.push(new byte[8]);
		this.destination.take();
		this.source.push(new byte[8]);
		assertThat(nameMeter(PumpMeters.PAUSES, "upload").functionCounter().count()).isEqualTo(2);
	}

	@Test
	void pausesOfFinishedPumpsStayCounted() {
		bind(10, 10);
		ManagedPump pump = startPump("upload");
		this.source.push(new byte[8]);
		FunctionCounter counter = nameMeter(PumpMeters.PAUSES, "upload").functionCounter();
		assertThat(counter.count()).isOne();
		pump.cancel();
		assertThat(counter.count()).isOne();
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isZero();
	}

	@Test
	void bytesPumpedCountsLiveAndFinishedPumpsOfName() {
		bind(10, 10);
		ManagedPump finished = startOtherPump("upload");
		startPump("upload");
		this.source.push(new byte[5]);
		finished.cancel();
		FunctionCounter counter = nameMeter(PumpMeters.BYTES_PUMPED, "upload").functionCounter();
		assertThat(counter.count()).isEqualTo(5);
		this.source.push(new byte[2]).end();
		this.destination.takeAll();
		assertThat(counter.count()).isEqualTo(7);
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isZero();
	}

	@Test
	void resumedPumpCountsOnlyItsOwnBytes() {
		bind(10, 10);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).resumedFrom(1000).start();
		this.source.push(new byte[5]);
		assertThat(pumpMeter(PumpMeters.BYTES, pump).functionCounter().count()).isEqualTo(5);
		assertThat(nameMeter(PumpMeters.BYTES_PUMPED, "upload").functionCounter().count()).isEqualTo(5);
	}

	@Test
	void transfersRecordsOutcomeAndDuration() {
		bind(10, 10);
		startPump("upload");
		this.source.end();
		startOtherPump("upload").cancel();
		assertThat(transfers("success").count()).isOne();
		assertThat(transfers("cancelled").count()).isOne();
		assertThat(transfers("failure").count()).isZero();
		assertThat(transfers("success").totalTime(TimeUnit.NANOSECONDS)).isNotNegative();
	}

	@Test
	void failedPumpCountsAsFailure() {
		bind(10, 10);
		startPump("upload");
		this.source.fail(new IllegalStateException("boom"));
		assertThat(transfers("failure").count()).isOne();
	}

	@Test
	void namesBeyondLimitAreCountedAsOther() {
		bind(10, 1);
		startPump("upload");
		startOtherPump("download");
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isOne();
		assertThat(nameMeter(PumpMeters.ACTIVE, PumpMetricsBinder.OVERFLOW_NAME).gauge().value()).isOne();
		assertThat(this.meters.find(PumpMeters.ACTIVE.getName()).tag(PumpKeyNames.NAME.asString(), "download").meters())
			.isEmpty();
	}

	@Test
	void bindToCountsPumpsAlreadyLive() {
		ManagedPump pump = startPump("upload");
		bind(10, 10);
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isOne();
		assertThat(pumpMeter(PumpMeters.BYTES, pump).functionCounter().count()).isZero();
	}

	@Test
	void pumpThatEndsWithinThePerPumpDelayCountsInItsNameOnly() {
		new PumpMetricsBinder(this.registry, 10, 10, Duration.ofSeconds(30)).bindTo(this.meters);
		ManagedPump pump = startPump("upload");
		this.source.push(new byte[5]);
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isOne();
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
		this.source.end();
		this.destination.takeAll();
		assertThat(pump.state().isFinished()).isTrue();
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
		assertThat(transfers("success").count()).isOne();
		assertThat(nameMeter(PumpMeters.BYTES_PUMPED, "upload").functionCounter().count()).isEqualTo(5);
	}

	@Test
	void pumpStillRunningAfterThePerPumpDelayGetsItsMetersUntilItEnds() {
		new PumpMetricsBinder(this.registry, 10, 10, Duration.ofMillis(50)).bindTo(this.meters);
		long start = System.nanoTime();
		ManagedPump pump = startPump("upload");
		this.source.push(new byte[5]);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> !this.meters.find(PumpMeters.BYTES.getName()).meters().isEmpty());
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
		assertThat(pumpMeter(PumpMeters.BYTES, pump).functionCounter().count()).isEqualTo(5);
		this.source.end();
		this.destination.takeAll();
		assertThat(pump.state().isFinished()).isTrue();
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
	}

	@Test
	void closedBinderAddsNoMetersForPumpsStillWaiting() throws InterruptedException {
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry, 10, 10, Duration.ofMillis(20));
		binder.bindTo(this.meters);
		startPump("upload");
		binder.close();
		Thread.sleep(200);
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void closeWhileSweepsGiveMetersToStartingPumpsNeitherBlocksNorLeavesMeters() throws Exception {
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry, 1000, 10, Duration.ofMillis(1));
		binder.bindTo(this.meters);
		ExecutorService starters = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < 4; i++) {
				starters.execute(() -> {
					for (int n = 0; n < 2000 && !Thread.currentThread().isInterrupted(); n++) {
						startOtherPump("upload");
					}
				});
			}
			Thread.sleep(20);
			CompletableFuture.runAsync(binder::close).get(10, TimeUnit.SECONDS);
		}
		finally {
			starters.shutdownNow();
			assertThat(starters.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		Thread.sleep(50);
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void closeWhilePumpsStartAndFinishLeavesNoMeters() throws Exception {
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry, 1000, 1000, Duration.ZERO);
		binder.bindTo(this.meters);
		ExecutorService pumps = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < 4; i++) {
				int thread = i;
				pumps.execute(() -> {
					for (int n = 0; n < 2000 && !Thread.currentThread().isInterrupted(); n++) {
						// Known names take the path without a lock; new names add meters.
						String name = (n % 2 == 0) ? "upload" : "upload-" + thread + "-" + n;
						InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
						this.factory.create(name, source, new InMemoryWriteStream<byte[]>()).start();
						source.push(new byte[8]);
						source.end();
					}
				});
			}
			Thread.sleep(20);
			CompletableFuture.runAsync(binder::close).get(10, TimeUnit.SECONDS);
		}
		finally {
			pumps.shutdownNow();
			assertThat(pumps.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void perPumpDelayMustNotBeNegative() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PumpMetricsBinder(this.registry, 10, 10, Duration.ofMillis(-1)));
	}

	@Test
	void pumpHeardTwiceIsCountedOnce() {
		PumpMetersListener metrics = new PumpMetersListener(this.meters, 1, 10, Duration.ZERO, Schedulers.parallel(),
				this.registry::live);
		ManagedPump pump = startPump("upload");
		metrics.registered(pump);
		metrics.registered(pump);
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isOne();
		metrics.finished(pump, pump.snapshot(), null);
		ManagedPump next = startOtherPump("upload");
		metrics.registered(next);
		assertThat(pumpMeter(PumpMeters.BYTES, next).functionCounter()).isNotNull();
	}

	@Test
	void metersHaveDescriptionsAndBaseUnits() {
		bind(10, 10);
		startPump("upload");
		this.source.push(new byte[1]);
		for (PumpMeters meter : PumpMeters.values()) {
			assertThat(this.meters.find(meter.getName()).meters()).as(meter.getName()).isNotEmpty().allSatisfy((m) -> {
				assertThat(m.getId().getDescription()).isEqualTo(meter.getDescription());
				assertThat(m.getId().getType()).isEqualTo(meter.getType());
				if (meter.getBaseUnit() != null) {
					assertThat(m.getId().getBaseUnit()).isEqualTo(meter.getBaseUnit());
				}
			});
		}
	}

	@Test
	void metersCarryTheTagKeysTheirDocumentationNames() {
		bind(10, 10);
		startPump("upload");
		this.source.push(new byte[8]);
		for (PumpMeters meter : PumpMeters.values()) {
			List<String> keys = Arrays.stream(meter.getKeyNames()).map(KeyName::asString).toList();
			assertThat(this.meters.find(meter.getName()).meters()).as(meter.getName())
				.isNotEmpty()
				.allSatisfy((m) -> assertThat(m.getId().getTags()).extracting(Tag::getKey)
					.containsExactlyInAnyOrderElementsOf(keys));
		}
	}

	@Test
	void closeRemovesMetersAndStopsListening() {
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry, 10, 10, Duration.ZERO);
		binder.bindTo(this.meters);
		startPump("upload");
		assertThat(this.meters.getMeters()).isNotEmpty();
		binder.close();
		assertThat(this.meters.getMeters()).isEmpty();
		startOtherPump("download");
		this.source.end();
		assertThat(this.meters.getMeters()).isEmpty();
	}

	@Test
	void bindToAfterCloseFails() {
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry);
		binder.close();
		assertThatIllegalStateException().isThrownBy(() -> binder.bindTo(this.meters)).withMessageContaining("closed");
	}

	@Test
	void bindToSecondRegistryPublishesThereToo() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry, 10, 10, Duration.ZERO);
		binder.bindTo(this.meters);
		binder.bindTo(other);
		ManagedPump pump = startPump("upload");
		this.source.push(new byte[5]);
		assertThat(pumpMeter(PumpMeters.BYTES, pump).functionCounter().count()).isEqualTo(5);
		assertThat(other.get(PumpMeters.BYTES.getName())
			.tag(LivePumpKeyNames.ID.asString(), pump.id())
			.functionCounter()
			.count()).isEqualTo(5);
	}

	@Test
	void bindToSameRegistryTwiceCountsEventsOnce() {
		PumpMetricsBinder binder = new PumpMetricsBinder(this.registry, 10, 10, Duration.ZERO);
		binder.bindTo(this.meters);
		binder.bindTo(this.meters);
		startPump("upload");
		this.source.push(new byte[8]);
		assertThat(nameMeter(PumpMeters.PAUSES, "upload").functionCounter().count()).isOne();
	}

	@Test
	void pumpReplayedAfterItFinishedIsNeitherActiveNorMetered() {
		PumpMetersListener listener = new PumpMetersListener(this.meters, 10, 10, Duration.ZERO, Schedulers.parallel(),
				this.registry::live);
		this.registry.addListener(listener);
		ManagedPump pump = startPump("upload");
		pump.cancel();
		// What a binder binding at that moment does: it replays the pumps it listed live.
		listener.registered(pump);
		assertThat(nameMeter(PumpMeters.ACTIVE, "upload").gauge().value()).isZero();
		assertThat(this.meters.find(PumpMeters.BYTES.getName()).meters()).isEmpty();
	}

	private void bind(int maxPumpsWithMeters, int maxNames) {
		new PumpMetricsBinder(this.registry, maxPumpsWithMeters, maxNames, Duration.ZERO).bindTo(this.meters);
	}

	private ManagedPump startPump(String name) {
		return this.factory.create(name, this.source, this.destination).start();
	}

	private ManagedPump startOtherPump(String name) {
		return this.factory.create(name, new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>()).start();
	}

	private RequiredSearch pumpMeter(PumpMeters meter, ManagedPump pump) {
		return this.meters.get(meter.getName())
			.tag(PumpKeyNames.NAME.asString(), pump.name())
			.tag(LivePumpKeyNames.ID.asString(), pump.id());
	}

	private RequiredSearch nameMeter(PumpMeters meter, String name) {
		return this.meters.get(meter.getName()).tag(PumpKeyNames.NAME.asString(), name);
	}

	private Timer transfers(String outcome) {
		return nameMeter(PumpMeters.TRANSFERS, "upload").tag(TransferKeyNames.OUTCOME.asString(), outcome).timer();
	}

}
