package dev.pump.buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link DataBufferWriteStream}.
 */
class DataBufferWriteStreamTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private final DataBufferWriteStream stream = DataBufferWriteStream.create();

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void emitsOnlyWhatTheSubscriberRequests() {
		this.stream.write(buffer("a")).write(buffer("b"));
		StepVerifier.create(this.stream, 0)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.thenRequest(1)
			.assertNext((buffer) -> assertTextAndRelease(buffer, "a"))
			.then(() -> assertThat(this.stream.writeQueueSize()).isEqualTo(1))
			.thenRequest(1)
			.assertNext((buffer) -> assertTextAndRelease(buffer, "b"))
			.then(this.stream::end)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void queueIsCountedInBytes() {
		this.stream.setWriteQueueMaxSize(10);
		this.stream.write(buffer("12345"));
		assertThat(this.stream.writeQueueSize()).isEqualTo(5);
		assertThat(this.stream.writeQueueFull()).isFalse();
		this.stream.write(buffer("67890"));
		assertThat(this.stream.writeQueueFull()).isTrue();
		this.stream.abort(new IllegalStateException("done"));
		assertThat(this.stream.writeQueueSize()).isZero();
	}

	@Test
	void drainHandlerIsCalledOnceFullQueueFallsToHalf() {
		AtomicInteger drains = new AtomicInteger();
		this.stream.setWriteQueueMaxSize(4).drainHandler(drains::incrementAndGet);
		for (String text : new String[] { "a", "b", "c", "d" }) {
			this.stream.write(buffer(text));
		}
		assertThat(this.stream.writeQueueFull()).isTrue();
		StepVerifier.create(this.stream, 0)
			.thenRequest(1)
			.consumeNextWith(DataBufferUtils::release)
			.then(() -> assertThat(drains).hasValue(0))
			.thenRequest(1)
			.consumeNextWith(DataBufferUtils::release)
			.then(() -> assertThat(drains).hasValue(1))
			.thenRequest(2)
			.consumeNextWith(DataBufferUtils::release)
			.consumeNextWith(DataBufferUtils::release)
			.then(() -> assertThat(drains).hasValue(1))
			.then(this.stream::end)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void endCompletesOnceTheSubscriberReceivedOnComplete() {
		this.stream.write(buffer("a"));
		CompletableFuture<Void> ended = this.stream.end();
		assertThat(ended).isNotDone();
		StepVerifier.create(this.stream, 0)
			.then(() -> assertThat(ended).isNotDone())
			.thenRequest(1)
			.consumeNextWith(DataBufferUtils::release)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(ended).isCompleted();
	}

	@Test
	void endWaitsForTheWrittenSignal() {
		Sinks.Empty<Void> written = Sinks.empty();
		this.stream.completeEndWhen(written.asMono());
		CompletableFuture<Void> ended = this.stream.end();
		StepVerifier.create(this.stream).expectComplete().verify(TIMEOUT);
		assertThat(ended).isNotDone();
		written.tryEmitEmpty();
		assertThat(ended).isCompleted();
	}

	@Test
	void failedWrittenSignalIsWriteFailure() {
		Sinks.Empty<Void> written = Sinks.empty();
		AtomicReference<Throwable> reported = new AtomicReference<>();
		IllegalStateException failure = new IllegalStateException("connection reset");
		this.stream.completeEndWhen(written.asMono()).exceptionHandler(reported::set);
		this.stream.write(buffer("a"));
		written.tryEmitError(failure);
		assertThat(reported).hasValue(failure);
		assertThat(this.stream.end()).isCompletedExceptionally();
		assertThat(this.stream.writeQueueSize()).isZero();
	}

	@Test
	void subscriberCancellingIsWriteFailure() {
		AtomicReference<Throwable> reported = new AtomicReference<>();
		this.stream.exceptionHandler(reported::set);
		this.stream.write(buffer("a")).write(buffer("b"));
		StepVerifier.create(this.stream, 1).consumeNextWith(DataBufferUtils::release).thenCancel().verify(TIMEOUT);
		assertThat(reported.get()).isInstanceOf(CancellationException.class);
		assertThat(this.stream.writeQueueSize()).isZero();
		assertThat(this.stream.end()).isCompletedExceptionally();
		this.stream.write(buffer("late"));
	}

	@Test
	void goneSignalBeforeTheEndIsWriteFailure() {
		Sinks.Empty<Void> gone = Sinks.empty();
		AtomicReference<Throwable> reported = new AtomicReference<>();
		this.stream.cancelWhen(gone.asMono()).exceptionHandler(reported::set);
		this.stream.write(buffer("a"));
		gone.tryEmitEmpty();
		assertThat(reported.get()).isInstanceOf(CancellationException.class);
		assertThat(this.stream.writeQueueSize()).isZero();
		assertThat(this.stream.end()).isCompletedExceptionally();
	}

	@Test
	void goneSignalIsNoLongerWatchedOnceEnded() {
		Sinks.Empty<Void> gone = Sinks.empty();
		this.stream.cancelWhen(gone.asMono());
		CompletableFuture<Void> ended = this.stream.end();
		StepVerifier.create(this.stream).expectComplete().verify(TIMEOUT);
		assertThat(ended).isCompleted();
		assertThat(gone.currentSubscriberCount()).isZero();
	}

	@Test
	void cancelAfterTakingTheContentLengthIsNoFailure() {
		Sinks.Empty<Void> written = Sinks.empty();
		AtomicReference<Throwable> reported = new AtomicReference<>();
		this.stream.contentLength(2).completeEndWhen(written.asMono()).exceptionHandler(reported::set);
		this.stream.write(buffer("a")).write(buffer("b"));
		StepVerifier.create(this.stream, 2)
			.consumeNextWith(DataBufferUtils::release)
			.consumeNextWith(DataBufferUtils::release)
			.thenCancel()
			.verify(TIMEOUT);
		// The connection closed: whatever the written signal says comes too late.
		written.tryEmitError(new IllegalStateException("connection closed"));
		assertThat(this.stream.end()).isCompleted();
		assertThat(reported).hasValue(null);
	}

	@Test
	void cancelBeforeTakingTheContentLengthIsWriteFailure() {
		AtomicReference<Throwable> reported = new AtomicReference<>();
		this.stream.contentLength(2).exceptionHandler(reported::set);
		this.stream.write(buffer("a"));
		StepVerifier.create(this.stream, 1).consumeNextWith(DataBufferUtils::release).thenCancel().verify(TIMEOUT);
		assertThat(reported.get()).isInstanceOf(CancellationException.class);
		this.stream.write(buffer("b"));
		assertThat(this.stream.end()).isCompletedExceptionally();
	}

	@Test
	void writeAfterTheContentLengthWasTakenFails() {
		this.stream.contentLength(1).write(buffer("a"));
		StepVerifier.create(this.stream, 1).consumeNextWith(DataBufferUtils::release).thenCancel().verify(TIMEOUT);
		DataBuffer extra = buffer("b");
		assertThatIllegalStateException().isThrownBy(() -> this.stream.write(extra));
	}

	@Test
	void abortReleasesQueueAndSignalsError() {
		IllegalStateException cause = new IllegalStateException("aborted");
		this.stream.write(buffer("a"));
		this.stream.abort(cause);
		assertThat(this.stream.writeQueueSize()).isZero();
		StepVerifier.create(this.stream).expectErrorMatches((ex) -> ex == cause).verify(TIMEOUT);
		this.stream.write(buffer("late"));
		assertThat(this.stream.end()).isCompletedExceptionally();
	}

	@Test
	void secondSubscriberIsRejected() {
		StepVerifier.create(this.stream, 0).thenCancel().verify(TIMEOUT);
		StepVerifier.create(this.stream).expectError(IllegalStateException.class).verify(TIMEOUT);
	}

	@Test
	void writeAfterEndFailsAndReleasesTheBuffer() {
		this.stream.end();
		DataBuffer late = buffer("late");
		assertThatIllegalStateException().isThrownBy(() -> this.stream.write(late));
		StepVerifier.create(this.stream).expectComplete().verify(TIMEOUT);
	}

	private DataBuffer buffer(String text) {
		return this.bufferFactory.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertTextAndRelease(DataBuffer buffer, String expected) {
		assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
		DataBufferUtils.release(buffer);
	}

}
