package dev.pump.buffer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.pump.Pump;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Transfers across threads aborted at random points: every buffer allocated is released,
 * whoever stops the transfer.
 */
@Tag("slow")
class AbortAtRandomPointsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int CHUNKS = 200;

	private static final int PREFETCH = 4;

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private final DataBufferWriteStream destination = DataBufferWriteStream.create();

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@RepeatedTest(10)
	void subscriberCancelsAtRandomPoint() {
		Pump pump = Pump.pump(DataBufferReadStream.of(source(CHUNKS)), this.destination, 4096).start();
		// A cancel at the very end races with onComplete, and may legitimately lose: the
		// subscriber took every buffer and the end (publishOn prefetched them), so the
		// transfer succeeded. Cancelling while at least one buffer is still to come
		// always fails the transfer.
		int lastCancellingPoint = CHUNKS - PREFETCH - 1;
		Flux.from(this.destination)
			.publishOn(Schedulers.boundedElastic(), PREFETCH)
			.doOnNext(DataBufferUtils::release)
			.take(1 + ThreadLocalRandom.current().nextInt(lastCancellingPoint))
			// publishOn drops what it prefetched when take cancels: release it.
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.subscribe();
		StepVerifier.create(pump.completion()).expectError().verify(TIMEOUT);
	}

	@RepeatedTest(10)
	void pumpIsCancelledAtRandomPoint() {
		Pump pump = Pump.pump(DataBufferReadStream.of(source(CHUNKS)), this.destination, 4096).start();
		consume();
		Schedulers.parallel().schedule(pump::cancel, randomPoint() * 10L, TimeUnit.MICROSECONDS);
		StepVerifier.create(pump.completion().onErrorResume((ex) -> Mono.just(-1L)))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@RepeatedTest(10)
	void sourceFailsAtRandomPoint() {
		Flux<DataBuffer> failing = Flux.concat(source(randomPoint()), Flux.error(new IllegalStateException("boom")));
		Pump pump = Pump.pump(DataBufferReadStream.of(failing), this.destination, 4096).start();
		consume();
		StepVerifier.create(pump.completion()).expectError().verify(TIMEOUT);
	}

	@RepeatedTest(10)
	void completionTimesOutAtRandomPoint() {
		Pump pump = Pump.pump(DataBufferReadStream.of(source(CHUNKS)), this.destination, 4096).start();
		// Nobody takes from the destination: the pump stalls until the timeout.
		StepVerifier.create(pump.completion().timeout(Duration.ofMillis(randomPoint())))
			.expectError(java.util.concurrent.TimeoutException.class)
			.verify(TIMEOUT);
	}

	private void consume() {
		Flux.from(this.destination)
			.publishOn(Schedulers.boundedElastic(), PREFETCH)
			.doOnNext(DataBufferUtils::release)
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.subscribe(null, (ex) -> {
			});
	}

	private Flux<DataBuffer> source(int chunks) {
		return Flux.range(0, chunks)
			.map((i) -> this.bufferFactory.allocateBuffer(1024)
				.write(new byte[1 + ThreadLocalRandom.current().nextInt(1024)]))
			.subscribeOn(Schedulers.parallel());
	}

	private static int randomPoint() {
		return 1 + ThreadLocalRandom.current().nextInt(CHUNKS);
	}

}
