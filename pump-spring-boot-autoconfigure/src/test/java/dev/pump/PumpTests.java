package dev.pump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The pump's contract, after Vert.x's PumpTest and PipeTest, plus the cases Vert.x gets
 * wrong.
 */
class PumpTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final List<byte[]> discarded = new ArrayList<>();

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>(this.discarded::add);

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<byte[]>(this.discarded::add)
		.setWriteQueueMaxSize(10);

	@Test
	void pumpsItemsInOrder() {
		Pump.pump(this.source, this.destination).start();
		for (int i = 0; i < 5; i++) {
			this.source.push(new byte[] { (byte) i });
		}
		assertThat(this.destination.takeAll()).extracting((item) -> item[0])
			.containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
	}

	@Test
	void newPumpIsNotStarted() {
		Pump pump = Pump.pump(this.source, this.destination);
		this.source.push(new byte[3]);
		assertThat(this.source.pendingCount()).isOne();
		assertThat(pump.bytesPumped()).isZero();
	}

	@Test
	void nullReadStreamIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> Pump.pump(null, this.destination));
		assertThatNullPointerException().isThrownBy(() -> Pump.pump(null, this.destination, 10));
	}

	@Test
	void nullWriteStreamIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> Pump.pump(this.source, null));
		assertThatNullPointerException().isThrownBy(() -> Pump.pump(this.source, null, 10));
	}

	@Test
	void writeQueueMaxSizeIsPassedToWriteStream() {
		Pump pump = Pump.pump(this.source, this.destination, 123);
		assertThat(this.destination.writeQueueMaxSize()).isEqualTo(123);
		pump.setWriteQueueMaxSize(456);
		assertThat(this.destination.writeQueueMaxSize()).isEqualTo(456);
	}

	@Test
	void pausesReadStreamWhenWriteQueueIsFull() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[6]);
		assertThat(this.source.isPaused()).isFalse();
		this.source.push(new byte[4]);
		assertThat(this.source.isPaused()).isTrue();
		assertThat(pump.isPaused()).isTrue();
		this.source.push(new byte[1]);
		assertThat(this.source.pendingCount()).as("held by the paused source, not dropped").isOne();
		assertThat(this.destination.writeQueueSize()).isEqualTo(10);
	}

	@Test
	void resumesReadStreamWhenWriteQueueDrainsToHalf() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		for (int i = 0; i < 10; i++) {
			this.source.push(new byte[1]);
		}
		assertThat(pump.isPaused()).isTrue();
		for (int i = 0; i < 4; i++) {
			this.destination.take();
		}
		assertThat(pump.isPaused()).as("6 queued, above half").isTrue();
		this.destination.take();
		assertThat(pump.isPaused()).as("5 queued, half").isFalse();
		assertThat(this.source.isPaused()).isFalse();
		assertThat(this.source.resumeCount()).isOne();
	}

	@Test
	void startAndStopTenTimesDeliversEverythingOnce() {
		Pump pump = Pump.pump(this.source, this.destination);
		List<Byte> received = new ArrayList<>();
		for (int cycle = 0; cycle < 10; cycle++) {
			pump.start();
			pump.start();
			this.source.push(new byte[] { (byte) (2 * cycle) });
			pump.stop();
			pump.stop();
			this.source.push(new byte[] { (byte) (2 * cycle + 1) });
			assertThat(this.source.pendingCount()).as("stopped: kept in the source").isOne();
			this.destination.takeAll().forEach((item) -> received.add(item[0]));
		}
		pump.start();
		this.destination.takeAll().forEach((item) -> received.add(item[0]));
		assertThat(received).hasSize(20);
		for (int i = 0; i < 20; i++) {
			assertThat(received.get(i)).isEqualTo((byte) i);
		}
		assertThat(pump.bytesPumped()).isEqualTo(20);
	}

	@Test
	void endOfReadStreamEndsWriteStreamAndCompletionWaitsForIt() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[7]).end();
		assertThat(this.destination.isEnding()).isTrue();
		StepVerifier.create(pump.completion()).expectSubscription().expectNoEvent(Duration.ofMillis(50)).then(() -> {
			assertThat(this.destination.isEnded()).isFalse();
			this.destination.takeAll();
		}).expectNext(7L).expectComplete().verify(TIMEOUT);
		assertThat(this.destination.isEnded()).isTrue();
	}

	@Test
	void readStreamEndingWithNothingCompletesWithZero() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.end();
		StepVerifier.create(pump.completion()).expectNext(0L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void failingEndFailsCompletionOnWriteSide() {
		IOException failure = new IOException("flush failed");
		this.destination.failEndWith(failure);
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[2]).end();
		this.destination.takeAll();
		StepVerifier.create(pump.completion())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(PumpException.class, (ex) -> {
				assertThat(ex.side()).isEqualTo(PumpException.Side.WRITE);
				assertThat(ex.getCause()).isSameAs(failure);
			}))
			.verify(TIMEOUT);
	}

	@Test
	void readFailureAbortsWriteStream() {
		IOException failure = new IOException("connection reset");
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[4]).push(new byte[4]);
		this.source.fail(failure);
		assertThat(this.destination.abortCause()).isSameAs(failure);
		assertThat(this.discarded).as("the queue is released").hasSize(2);
		StepVerifier.create(pump.completion())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(PumpException.class, (ex) -> {
				assertThat(ex.side()).isEqualTo(PumpException.Side.READ);
				assertThat(ex.getCause()).isSameAs(failure);
			}))
			.verify(TIMEOUT);
	}

	@Test
	void writeFailureCancelsReadStream() {
		IOException failure = new IOException("disk full");
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[10]).push(new byte[3]);
		this.destination.fail(failure);
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.source.isPaused()).as("paused, but cancelled: nothing waits").isTrue();
		assertThat(pump.isPaused()).isFalse();
		assertThat(this.discarded).as("held item and queued item released").hasSize(2);
		StepVerifier.create(pump.completion())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(PumpException.class,
					(ex) -> assertThat(ex.side()).isEqualTo(PumpException.Side.WRITE)))
			.verify(TIMEOUT);
	}

	@Test
	void writeThatThrowsIsAWriteFailure() {
		WriteStream<byte[]> throwing = new RecordingWriteStream<>(this.destination) {
			@Override
			public WriteStream<byte[]> write(byte[] item) {
				throw new IllegalStateException("closed");
			}
		};
		Pump pump = Pump.pump(this.source, throwing).start();
		this.source.push(new byte[1]);
		assertThat(this.source.isCancelled()).isTrue();
		StepVerifier.create(pump.completion())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(PumpException.class,
					(ex) -> assertThat(ex.getCause()).hasMessage("closed")))
			.verify(TIMEOUT);
	}

	@Test
	void cancelCancelsReadAndAbortsWrite() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[10]).push(new byte[1]);
		pump.cancel();
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.destination.abortCause()).isInstanceOf(CancellationException.class);
		assertThat(this.discarded).hasSize(2);
		StepVerifier.create(pump.completion()).expectError(CancellationException.class).verify(TIMEOUT);
	}

	@Test
	void subscriberThatCancelledIsNotToldTheOutcomeAndNothingIsDropped() {
		List<Throwable> dropped = new ArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			Pump pump = Pump.pump(this.source, this.destination).start();
			Disposable subscriber = pump.completion().subscribe();
			subscriber.dispose();
			assertThat(pump.state()).isEqualTo(PumpState.CANCELLED);
			StepVerifier.create(pump.completion()).expectError(CancellationException.class).verify(TIMEOUT);
			assertThat(dropped).isEmpty();
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
	}

	@Test
	void cancelAfterSuccessChangesNothing() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[2]).end();
		this.destination.takeAll();
		pump.cancel();
		assertThat(this.source.isCancelled()).isFalse();
		StepVerifier.create(pump.completion()).expectNext(2L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void completionTimeoutCancelsStuckPump() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[10]);
		StepVerifier.create(pump.completion().timeout(Duration.ofMillis(50)))
			.expectError(java.util.concurrent.TimeoutException.class)
			.verify(TIMEOUT);
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.destination.abortCause()).isInstanceOf(CancellationException.class);
	}

	@Test
	void completionIsANewMonoEachCallAndReplaysTheOutcome() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		assertThat(pump.completion()).isNotSameAs(pump.completion());
		this.source.push(new byte[3]).end();
		this.destination.takeAll();
		StepVerifier.create(pump.completion()).expectNext(3L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(pump.completion()).expectNext(3L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void stopWhilePausedThenStartResumesWhenQueueDrainedMeanwhile() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		this.source.push(new byte[10]).push(new byte[2]);
		assertThat(this.source.isPaused()).isTrue();
		pump.stop();
		this.destination.takeAll();
		assertThat(this.source.isPaused()).as("stopped: the pump does not resume").isTrue();
		pump.start();
		assertThat(this.source.isPaused()).isFalse();
		assertThat(this.destination.takeAll()).hasSize(1);
		assertThat(pump.bytesPumped()).isEqualTo(12);
	}

	@Test
	void staleDrainHandlerAfterStopDoesNotResume() {
		RecordingWriteStream<byte[]> recording = new RecordingWriteStream<>(this.destination);
		Pump pump = Pump.pump(this.source, recording).start();
		this.source.push(new byte[10]);
		pump.stop();
		this.destination.takeAll();
		Runnable staleDrain = recording.lastDrainHandler();
		assertThat(staleDrain).isNotNull();
		staleDrain.run();
		assertThat(this.source.isPaused()).isTrue();
		assertThat(this.source.resumeCount()).isZero();
	}

	@Test
	void bytesAreCountedBeforeTheWriteStreamConsumesTheItem() {
		InMemoryReadStream<ByteBuffer> buffers = new InMemoryReadStream<>();
		WriteStream<ByteBuffer> consuming = new RecordingWriteStream<>(new InMemoryWriteStream<ByteBuffer>()) {
			@Override
			public WriteStream<ByteBuffer> write(ByteBuffer item) {
				item.position(item.limit());
				return super.write(item);
			}
		};
		Pump pump = Pump.pump(buffers, consuming).start();
		buffers.push(ByteBuffer.allocate(100)).push(ByteBuffer.wrap(new byte[50], 10, 30));
		assertThat(pump.bytesPumped()).isEqualTo(130);
	}

	@Test
	void itemsThatAreNotBytesCountOneEach() {
		InMemoryReadStream<String> strings = new InMemoryReadStream<>();
		Pump pump = Pump.pump(strings, new InMemoryWriteStream<String>()).start();
		strings.push("hello").push("world");
		assertThat(pump.bytesPumped()).isEqualTo(2);
	}

	@Test
	void bytesPumpedCountsPastIntegerMaxValue() {
		InMemoryReadStream<HugeItem> huge = new InMemoryReadStream<>();
		InMemoryWriteStream<HugeItem> destination = new InMemoryWriteStream<>((item) -> 1, (item) -> {
		});
		destination.setWriteQueueMaxSize(Integer.MAX_VALUE);
		Pump pump = Pump.pump(huge, destination).start();
		for (int i = 0; i < 3; i++) {
			huge.push(new HugeItem(Integer.MAX_VALUE));
		}
		assertThat(pump.bytesPumped()).isEqualTo(3L * Integer.MAX_VALUE);
	}

	@Test
	void startAfterFinishDoesNothing() {
		Pump pump = Pump.pump(this.source, this.destination).start();
		pump.cancel();
		pump.start().stop().start();
		StepVerifier.create(pump.completion()).expectError(CancellationException.class).verify(TIMEOUT);
	}

}
