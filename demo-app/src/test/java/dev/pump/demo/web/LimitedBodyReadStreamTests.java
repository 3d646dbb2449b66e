package dev.pump.demo.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import dev.pump.InMemoryReadStream;
import dev.pump.test.TrackingDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DigestingReadStreamTests {

	private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	private static final String SHA256_OF_NOTHING = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private final TrackingDataBufferFactory buffers = new TrackingDataBufferFactory();

	private final InMemoryReadStream<DataBuffer> source = new InMemoryReadStream<>(DataBufferUtils::release);

	private final List<DataBuffer> received = new ArrayList<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	@Test
	void digestAndSizeAreComputedOnTheFly() {
		DigestingReadStream stream = attach(new DigestingReadStream(this.source, 100, -1, TooLarge::new));
		this.source.push(buffer("a")).push(buffer("bc")).end();
		assertThat(this.ended).isTrue();
		assertThat(stream.sha256()).isEqualTo(SHA256_OF_ABC);
		assertThat(stream.bytesRead()).isEqualTo(3);
		assertThat(this.received).hasSize(2);
		releaseReceived();
	}

	@Test
	void emptyBodyHasTheDigestOfNothing() {
		DigestingReadStream stream = attach(new DigestingReadStream(this.source, 100, 0, TooLarge::new));
		this.source.end();
		assertThat(stream.sha256()).isEqualTo(SHA256_OF_NOTHING);
	}

	@Test
	void bodyOverTheLimitFailsTheReadSideAndReleasesTheBuffer() {
		attach(new DigestingReadStream(this.source, 4, -1, TooLarge::new));
		this.source.push(buffer("abc")).push(buffer("de"));
		assertThat(this.failure.get()).isInstanceOf(TooLarge.class);
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.received).hasSize(1);
		releaseReceived();
		this.buffers.assertAllReleased();
	}

	@Test
	void bodyShorterThanAnnouncedFailsInsteadOfEnding() {
		attach(new DigestingReadStream(this.source, 100, 10, TooLarge::new));
		this.source.push(buffer("abc")).end();
		assertThat(this.ended).isFalse();
		assertThat(this.failure.get()).isInstanceOf(DigestingReadStream.IncompleteBodyException.class);
		releaseReceived();
	}

	@Test
	void sourceFailureReachesTheExceptionHandlerOnce() {
		DigestingReadStream stream = attach(new DigestingReadStream(this.source, 100, -1, TooLarge::new));
		IllegalStateException broken = new IllegalStateException("broken");
		this.source.fail(broken);
		stream.fail(new IllegalStateException("later"));
		assertThat(this.failure.get()).isSameAs(broken);
	}

	@Test
	void failCancelsTheSource() {
		DigestingReadStream stream = attach(new DigestingReadStream(this.source, 100, -1, TooLarge::new));
		stream.fail(new IllegalStateException("client gone"));
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.failure.get()).hasMessage("client gone");
	}

	@Test
	void digestIsUnknownBeforeTheEnd() {
		DigestingReadStream stream = attach(new DigestingReadStream(this.source, 100, -1, TooLarge::new));
		assertThatIllegalStateException().isThrownBy(stream::sha256);
	}

	private DigestingReadStream attach(DigestingReadStream stream) {
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
