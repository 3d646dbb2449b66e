package dev.pump.demo.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

class LimitedBodyReadStreamTests {

	private final TrackingDataBufferFactory buffers = new TrackingDataBufferFactory();

	private final InMemoryReadStream<DataBuffer> source = new InMemoryReadStream<>(DataBufferUtils::release);

	private final List<DataBuffer> received = new ArrayList<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	@Test
	void sizeIsCountedOnTheFly() {
		LimitedBodyReadStream stream = attach(new LimitedBodyReadStream(this.source, 100, -1, TooLarge::new));
		this.source.push(buffer("a")).push(buffer("bc")).end();
		assertThat(this.ended).isTrue();
		assertThat(stream.bytesRead()).isEqualTo(3);
		assertThat(this.received).hasSize(2);
		releaseReceived();
	}

	@Test
	void emptyBodyAnnouncedEmptyEnds() {
		LimitedBodyReadStream stream = attach(new LimitedBodyReadStream(this.source, 100, 0, TooLarge::new));
		this.source.end();
		assertThat(this.ended).isTrue();
		assertThat(stream.bytesRead()).isZero();
	}

	@Test
	void bodyOverTheLimitFailsTheReadSideAndReleasesTheBuffer() {
		attach(new LimitedBodyReadStream(this.source, 4, -1, TooLarge::new));
		this.source.push(buffer("abc")).push(buffer("de"));
		assertThat(this.failure.get()).isInstanceOf(TooLarge.class);
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.received).hasSize(1);
		releaseReceived();
		this.buffers.assertAllReleased();
	}

	@Test
	void bodyShorterThanAnnouncedFailsInsteadOfEnding() {
		attach(new LimitedBodyReadStream(this.source, 100, 10, TooLarge::new));
		this.source.push(buffer("abc")).end();
		assertThat(this.ended).isFalse();
		assertThat(this.failure.get()).isInstanceOf(LimitedBodyReadStream.IncompleteBodyException.class);
		releaseReceived();
	}

	@Test
	void sourceFailureReachesTheExceptionHandlerOnce() {
		LimitedBodyReadStream stream = attach(new LimitedBodyReadStream(this.source, 100, -1, TooLarge::new));
		IllegalStateException broken = new IllegalStateException("broken");
		this.source.fail(broken);
		stream.fail(new IllegalStateException("later"));
		assertThat(this.failure.get()).isSameAs(broken);
	}

	@Test
	void failCancelsTheSource() {
		LimitedBodyReadStream stream = attach(new LimitedBodyReadStream(this.source, 100, -1, TooLarge::new));
		stream.fail(new IllegalStateException("client gone"));
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.failure.get()).hasMessage("client gone");
	}

	private LimitedBodyReadStream attach(LimitedBodyReadStream stream) {
		stream.exceptionHandler(this.failure::set);
		stream.endHandler(() -> this.ended.set(true));
		stream.handler(this.received::add);
		return stream;
	}

	private DataBuffer buffer(String text) {
		return this.buffers.wrap(text.getBytes(StandardCharsets.US_ASCII));
	}

	private void releaseReceived() {
		this.received.forEach(DataBufferUtils::release);
	}

	static class TooLarge extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TooLarge(long limit) {
			super("over " + limit);
		}

	}

}
