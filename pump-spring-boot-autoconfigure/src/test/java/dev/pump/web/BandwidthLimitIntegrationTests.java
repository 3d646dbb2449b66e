package dev.pump.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.pump.buffer.DataBufferReadStream;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.registry.BandwidthLimiter;
import dev.pump.registry.BandwidthLimits;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpListener;
import dev.pump.registry.PumpRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bandwidth limits over real sockets: uploads to a real server, each pumped by a managed
 * pump into a destination that takes everything at once, so only the limits pace them.
 * Tolerances are wide: a busy 2-core machine may be slow, never faster than the limit.
 */
class BandwidthLimitIntegrationTests {

	private static final int MIB = 1024 * 1024;

	private static final int WRITE_QUEUE_MAX = 256 * 1024;

	private static final long FOUR_MB = 4_000_000;

	private final Map<String, ManagedPump> pumps = new ConcurrentHashMap<>();

	private final AtomicLong maxHeld = new AtomicLong();

	private final AtomicLong largestBuffer = new AtomicLong();

	private DefaultPumpFactory factory;

	private TestHttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void perPumpLimitPacesTransfer() {
		start(BandwidthLimits.unlimited().withPerPump(FOUR_MB));
		Duration took = time(upload("upload", 12 * MIB));
		// (12 MiB - one write queue of burst) / 4 MB/s = 3.08 s
		assertThat(took).isBetween(Duration.ofMillis(2700), Duration.ofSeconds(8));
	}

	@Test
	void totalLimitIsSharedByPumps() {
		start(BandwidthLimits.unlimited().withTotal(FOUR_MB));
		Duration took = time(Mono.when(upload("a", 6 * MIB), upload("b", 6 * MIB)));
		assertThat(took).isBetween(Duration.ofMillis(2700), Duration.ofSeconds(8));
	}

	@Test
	void nameTotalLimitIsSharedByPumpsOfThatName() {
		start(BandwidthLimits.unlimited().withTotal("upload", FOUR_MB));
		Duration took = time(Mono.when(upload("upload", 6 * MIB), upload("upload", 6 * MIB)));
		assertThat(took).isBetween(Duration.ofMillis(2700), Duration.ofSeconds(8));
	}

	@Test
	void perNameLimitLeavesOtherNamesAlone() {
		start(BandwidthLimits.unlimited().withPerPump("slow", 1_000_000));
		Duration slow = time(upload("slow", 3 * MIB));
		Duration fast = time(upload("fast", 12 * MIB));
		// At the slow name's limit, 12 MiB would take 12 s.
		assertThat(slow).isGreaterThan(Duration.ofMillis(2700));
		assertThat(fast).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void strictestLimitWins() {
		start(BandwidthLimits.unlimited().withPerPump(100 * FOUR_MB).withPerPump("upload", FOUR_MB));
		Duration took = time(upload("upload", 12 * MIB));
		assertThat(took).isGreaterThan(Duration.ofMillis(2700));
		assertThat(this.pumps.get("upload").bytesPerSecondLimit()).hasValue(FOUR_MB);
	}

	@Test
	void raisingLiveLimitSpeedsItUpAtOnce() {
		start(BandwidthLimits.unlimited().withPerPump(500_000));
		Mono<Void> raiseAfterOneSecond = Mono.delay(Duration.ofSeconds(1))
			.doOnNext((tick) -> this.pumps.get("upload").limitBytesPerSecond(1000 * FOUR_MB))
			.then();
		Duration took = time(Mono.when(upload("upload", 12 * MIB), raiseAfterOneSecond));
		// At the first limit, 12 MiB would take 25 s.
		assertThat(took).isLessThan(Duration.ofSeconds(6));
		assertThat(this.pumps.get("upload").bytesPerSecondLimit()).hasValue(1000 * FOUR_MB);
	}

	@Test
	void limitSetOnUnlimitedPumpAppliesWithinOneBudget() {
		start(BandwidthLimits.unlimited());
		this.factory.registry().addListener(new PumpListener() {
			@Override
			public void registered(ManagedPump pump) {
				pump.limitBytesPerSecond(FOUR_MB);
			}
		});
		Duration took = time(upload("upload", 12 * MIB));
		assertThat(took).isGreaterThan(Duration.ofMillis(2400));
	}

	@Test
	void limitSetOnRunningUnlimitedPumpSlowsItDown() {
		start(BandwidthLimits.unlimited());
		Mono<Void> limitAfterWhile = Mono.delay(Duration.ofMillis(300))
			.doOnNext((tick) -> this.pumps.get("upload").limitBytesPerSecond(1_000_000))
			.then();
		// 32 KiB every 4 ms: 6 MiB in 0.8 s unlimited, and some 4 MB left after 300 ms.
		Flux<DataBuffer> paced = chunks(6 * MIB).delayElements(Duration.ofMillis(4));
		Duration took = time(Mono.when(upload("upload", paced), limitAfterWhile));
		assertThat(took).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(12));
	}

	@Test
	void memoryStaysWithinWriteQueueUnderLimit() {
		start(BandwidthLimits.unlimited().withPerPump(FOUR_MB));
		time(upload("upload", 8 * MIB));
		// The pump pauses the request body: what the adapters hold stays within the write
		// queue plus one batch of the largest buffers the server reads.
		long bound = WRITE_QUEUE_MAX + (DataBufferReadStream.DEFAULT_BATCH_SIZE + 2) * this.largestBuffer.get();
		assertThat(this.maxHeld.get()).isPositive().isLessThanOrEqualTo(bound);
	}

	private void start(BandwidthLimits limits) {
		this.factory = new DefaultPumpFactory(new PumpRegistry(), WRITE_QUEUE_MAX,
				new BandwidthLimiter(limits, WRITE_QUEUE_MAX));
		this.server = new TestHttpServer(this::receive);
	}

	private Mono<Void> receive(ServerHttpRequest request, ServerHttpResponse response) {
		String name = request.getPath().value().substring(1);
		DataBufferReadStream body = DataBufferReadStream.of(request.getBody()
			.doOnNext((buffer) -> this.largestBuffer.accumulateAndGet(buffer.readableByteCount(), Math::max)));
		DataBufferWriteStream destination = DataBufferWriteStream.create();
		destination.subscribe(new Discarding());
		ManagedPump pump = this.factory.create(name, body, destination);
		this.pumps.put(name, pump);
		Disposable sampling = Flux.interval(Duration.ofMillis(5))
			.subscribe((tick) -> this.maxHeld.accumulateAndGet(body.heldBytes() + destination.writeQueueSize(),
					Math::max));
		return pump.run().doFinally((signal) -> sampling.dispose()).then(Mono.defer(response::setComplete));
	}

	private Mono<Void> upload(String name, int size) {
		return upload(name, chunks(size));
	}

	private Mono<Void> upload(String name, Flux<DataBuffer> body) {
		return WebClient.create(this.server.url("/" + name))
			.put()
			.body(BodyInserters.fromDataBuffers(body))
			.retrieve()
			.toBodilessEntity()
			.then();
	}

	private static Duration time(Mono<Void> transfer) {
		long start = System.nanoTime();
		transfer.block(Duration.ofSeconds(30));
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static Flux<DataBuffer> chunks(int size) {
		byte[] chunk = new byte[32 * 1024];
		ThreadLocalRandom.current().nextBytes(chunk);
		return Flux.range(0, size / chunk.length).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
	}

	/**
	 * Takes everything at once.
	 */
	private static final class Discarding extends BaseSubscriber<DataBuffer> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			requestUnbounded();
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}

	}

}
