package dev.pump.buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.publisher.TestPublisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DataBufferReadStream}.
 */
class DataBufferReadStreamTests {

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private final List<String> received = new CopyOnWriteArrayList<>();

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(Duration.ofSeconds(5));
	}

	@Test
	void subscribesWhenHandlerIsFirstSet() {
		AtomicBoolean subscribed = new AtomicBoolean();
		DataBufferReadStream stream = DataBufferReadStream
			.of(Flux.<DataBuffer>empty().doOnSubscribe((s) -> subscribed.set(true)));
		stream.endHandler(() -> {
		});
		assertThat(subscribed).isFalse();
		stream.handler(this::receive);
		assertThat(subscribed).isTrue();
	}

	@Test
	void requestsBatchUpFrontThenRefillsWhatWasDelivered() {
		List<Long> requests = new CopyOnWriteArrayList<>();
		DataBufferReadStream stream = DataBufferReadStream.of(items(20).doOnRequest(requests::add), 8);
		stream.handler(this::receive);
		assertThat(requests).startsWith(8L, 6L);
		assertThat(this.received).hasSize(20);
	}

	@Test
	void pauseStopsRequestingAndHoldsWhatIsInFlight() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		List<Long> requests = new CopyOnWriteArrayList<>();
		DataBufferReadStream stream = DataBufferReadStream.of(source.flux().doOnRequest(requests::add), 4);
		stream.handler((buffer) -> {
			receive(buffer);
			stream.pause();
		});
		source.next(buffer("a"), buffer("b"), buffer("c"), buffer("d"));
		assertThat(this.received).containsExactly("a");
		assertThat(stream.heldCount()).isEqualTo(3);
		assertThat(stream.heldBytes()).isEqualTo(3);
		assertThat(requests).containsExactly(4L);
		stream.resume();
		assertThat(this.received).containsExactly("a", "b");
		assertThat(stream.heldCount()).isEqualTo(2);
		stream.cancel();
	}

	@Test
	void resumeDeliversHeldBuffersBeforeNewOnes() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		DataBufferReadStream stream = DataBufferReadStream.of(source, 4);
		stream.handler(this::receive);
		stream.pause();
		source.next(buffer("a"), buffer("b"));
		assertThat(this.received).isEmpty();
		stream.resume();
		source.next(buffer("c"));
		assertThat(this.received).containsExactly("a", "b", "c");
		assertThat(stream.heldCount()).isZero();
		stream.cancel();
	}

	@Test
	void detachedHandlerDeliversNothingAndLosesNothing() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		DataBufferReadStream stream = DataBufferReadStream.of(source, 4);
		stream.handler(this::receive);
		stream.handler(null);
		source.next(buffer("a"));
		assertThat(this.received).isEmpty();
		stream.handler(this::receive);
		assertThat(this.received).containsExactly("a");
		stream.cancel();
	}

	@Test
	void endIsDeliveredAfterHeldBuffers() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		DataBufferReadStream stream = DataBufferReadStream.of(source, 4);
		AtomicBoolean ended = new AtomicBoolean();
		stream.endHandler(() -> ended.set(true));
		stream.handler(this::receive);
		stream.pause();
		source.next(buffer("a")).complete();
		assertThat(ended).isFalse();
		stream.resume();
		assertThat(this.received).containsExactly("a");
		assertThat(ended).isTrue();
	}

	@Test
	void failureIsDeliveredToExceptionHandler() {
		IllegalStateException failure = new IllegalStateException("boom");
		AtomicReference<Throwable> reported = new AtomicReference<>();
		DataBufferReadStream stream = DataBufferReadStream.of(Flux.concat(items(2), Flux.error(failure)));
		stream.exceptionHandler(reported::set);
		stream.handler(this::receive);
		assertThat(this.received).hasSize(2);
		assertThat(reported).hasValue(failure);
	}

	@Test
	void cancelCancelsSourceAndReleasesHeldBuffers() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		DataBufferReadStream stream = DataBufferReadStream.of(source, 4);
		AtomicBoolean ended = new AtomicBoolean();
		stream.endHandler(() -> ended.set(true));
		stream.handler(this::receive);
		stream.pause();
		source.next(buffer("a"), buffer("b"));
		stream.cancel();
		source.assertCancelled();
		assertThat(stream.heldCount()).isZero();
		assertThat(stream.heldBytes()).isZero();
		assertThat(this.received).isEmpty();
		assertThat(ended).isFalse();
	}

	@Test
	void cancelBeforeStartCancelsTheSource() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		DataBufferReadStream.of(source).cancel();
		source.assertCancelled();
	}

	@Test
	void failingHandlerCancelsSourceAndIsReported() {
		TestPublisher<DataBuffer> source = TestPublisher.create();
		AtomicReference<Throwable> reported = new AtomicReference<>();
		IllegalStateException failure = new IllegalStateException("handler failed");
		DataBufferReadStream stream = DataBufferReadStream.of(source, 4);
		stream.exceptionHandler(reported::set);
		stream.handler((buffer) -> {
			DataBufferUtils.release(buffer);
			throw failure;
		});
		source.next(buffer("a"));
		source.assertCancelled();
		assertThat(reported).hasValue(failure);
		assertThat(stream.heldCount()).isZero();
	}

	private void receive(DataBuffer buffer) {
		this.received.add(buffer.toString(StandardCharsets.UTF_8));
		DataBufferUtils.release(buffer);
	}

	private DataBuffer buffer(String text) {
		return this.bufferFactory.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private Flux<DataBuffer> items(int count) {
		return Flux.range(0, count).map((i) -> buffer(Integer.toString(i)));
	}

}
