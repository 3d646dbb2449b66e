package dev.pump.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.pump.Pump;
import dev.pump.PumpOutcome;
import dev.pump.PumpState;
import dev.pump.WriteStream;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the {@link ManagedPump}s of a {@link DefaultPumpFactory}.
 */
class ManagedPumpTests {

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 8);

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	private final ManagedPump pump = this.factory.create("upload", this.source, this.destination);

	@Test
	void attributesAreKeptPerKeyAndPerPump() {
		PumpAttribute<String> first = PumpAttribute.named("first");
		PumpAttribute<String> second = PumpAttribute.named("first");
		ManagedPump other = this.factory.create("upload", new InMemoryReadStream<byte[]>(), new ForgetfulWriteStream());
		assertThat(this.pump.attribute(first)).isNull();
		assertThat(this.pump.attribute(first, "a")).isNull();
		assertThat(this.pump.attribute(second, "b")).isNull();
		other.attribute(first, "c");
		assertThat(this.pump.attribute(first)).isEqualTo("a");
		assertThat(this.pump.attribute(second)).isEqualTo("b");
		assertThat(other.attribute(first)).isEqualTo("c");
		assertThat(other.attribute(second)).isNull();
		assertThat(this.pump.attribute(first, "a2")).isEqualTo("a");
		assertThat(this.pump.attribute(first, null)).isEqualTo("a2");
		assertThat(this.pump.attribute(first)).isNull();
		assertThat(this.pump.attribute(second)).isEqualTo("b");
		assertThat(this.pump.attribute(first, null)).isNull();
	}

	@Test
	void attributeIsTakenByExactlyOneOfManyThreads() throws Exception {
		PumpAttribute<Object> key = PumpAttribute.named("state");
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 200; round++) {
				Object value = new Object();
				this.pump.attribute(key, value);
				CyclicBarrier start = new CyclicBarrier(4);
				List<Future<@Nullable Object>> takes = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					takes.add(threads.submit(() -> {
						start.await();
						return this.pump.attribute(key, null);
					}));
				}
				List<@Nullable Object> taken = new ArrayList<>();
				for (Future<@Nullable Object> take : takes) {
					taken.add(take.get(10, TimeUnit.SECONDS));
				}
				assertThat(taken).containsOnlyOnce(value).filteredOn(Objects::nonNull).hasSize(1);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void stateIsRunningOnceStarted() {
		this.pump.start();
		assertThat(this.pump.state()).isEqualTo(PumpState.RUNNING);
	}

	@Test
	void stateIsPausedWhileWriteQueueIsFull() {
		this.pump.start();
		this.source.push(new byte[8]);
		assertThat(this.pump.state()).isEqualTo(PumpState.PAUSED);
		this.destination.take();
		assertThat(this.pump.state()).isEqualTo(PumpState.RUNNING);
	}

	@Test
	void stateIsStoppedOnceStopped() {
		this.pump.start().stop();
		assertThat(this.pump.state()).isEqualTo(PumpState.STOPPED);
		this.pump.start();
		assertThat(this.pump.state()).isEqualTo(PumpState.RUNNING);
	}

	@Test
	void stateIsFailedOnceReadStreamFailed() {
		this.pump.start();
		this.source.fail(new IllegalStateException("disk on fire"));
		assertThat(this.pump.state()).isEqualTo(PumpState.FAILED);
		assertThat(this.pump.snapshot().failure()).isEqualTo("read stream failed: disk on fire");
	}

	@Test
	void stateIsEndingUntilWriteStreamHasEnded() {
		this.pump.start();
		this.source.push(new byte[3]).end();
		assertThat(this.pump.state()).isEqualTo(PumpState.ENDING);
		this.pump.stop().start();
		assertThat(this.pump.state()).isEqualTo(PumpState.ENDING);
		this.destination.takeAll();
		assertThat(this.pump.state()).isEqualTo(PumpState.SUCCEEDED);
	}

	@Test
	void stateStaysFinishedWhenStartedOrStoppedAgain() {
		this.pump.start();
		this.source.end();
		this.pump.stop().start();
		assertThat(this.pump.state()).isEqualTo(PumpState.SUCCEEDED);
	}

	@Test
	void pumpWhoseSourceHasEndedSucceedsWithinStart() {
		this.source.end();
		this.pump.start();
		assertThat(this.pump.state()).isEqualTo(PumpState.SUCCEEDED);
	}

	@Test
	void writeQueueSizeIsReadFromWriteStream() {
		this.pump.start();
		this.source.push(new byte[5]);
		assertThat(this.pump.writeQueueSize()).isEqualTo(5);
	}

	@Test
	void writeQueueSizeIsZeroWhenWriteStreamCannotTell() {
		ManagedPump other = this.factory.create("upload", new InMemoryReadStream<byte[]>(), new ForgetfulWriteStream());
		assertThat(other.writeQueueSize()).isZero();
	}

	@Test
	void pauseCountCountsFlowControlPauses() {
		this.pump.start();
		this.source.push(new byte[8]);
		this.destination.take();
		this.source.push(new byte[8]);
		assertThat(this.pump.pauseCount()).isEqualTo(2);
	}

	@Test
	void expectedBytesIsUnknownUntilTold() {
		assertThat(this.pump.expectedBytes()).isEmpty();
		assertThat(this.pump.snapshot().expectedBytes()).isNull();
	}

	@Test
	void expectBytesTellsManagedPump() {
		Pump plain = this.pump;
		ManagedPump.expectBytes(plain, 1000);
		assertThat(this.pump.expectedBytes()).hasValue(1000);
		assertThat(this.pump.snapshot().expectedBytes()).isEqualTo(1000);
	}

	@Test
	void expectBytesWithUnknownLengthLeavesItUnknown() {
		ManagedPump.expectBytes(this.pump, -1);
		assertThat(this.pump.expectedBytes()).isEmpty();
	}

	@Test
	void expectBytesIgnoresPumpThatIsNotManaged() {
		Pump plain = Pump.pump(new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>());
		assertThat(ManagedPump.expectBytes(plain, 1000)).isSameAs(plain);
	}

	@Test
	void resumedBytesIsZeroUntilTold() {
		assertThat(this.pump.resumedBytes()).isZero();
		assertThat(this.pump.snapshot().resumedBytes()).isZero();
	}

	@Test
	void resumedFromShowsInSnapshotWhileBytesPumpedCountsThisPumpOnly() {
		this.pump.expectedBytes(1000).resumedFrom(600).start();
		this.source.push(new byte[5]);
		PumpSnapshot snapshot = this.pump.snapshot();
		assertThat(snapshot.resumedBytes()).isEqualTo(600);
		assertThat(snapshot.bytes()).isEqualTo(5);
		assertThat(this.pump.bytesPumped()).isEqualTo(5);
	}

	@Test
	void resumedFromIsKeptInSnapshotOfFinishedPump() {
		this.pump.resumedFrom(600).start();
		this.source.push(new byte[3]).end();
		this.destination.takeAll();
		PumpSnapshot snapshot = this.pump.snapshot();
		assertThat(snapshot.outcome()).isEqualTo(PumpOutcome.SUCCESS);
		assertThat(snapshot.resumedBytes()).isEqualTo(600);
		assertThat(snapshot.bytes()).isEqualTo(3);
	}

	@Test
	void resumedFromRejectsNegativeBytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pump.resumedFrom(-1)).withMessageContaining("-1");
	}

	@Test
	void resumedFromTellsManagedPump() {
		Pump plain = this.pump;
		assertThat(ManagedPump.resumedFrom(plain, 600)).isSameAs(plain);
		assertThat(this.pump.resumedBytes()).isEqualTo(600);
	}

	@Test
	void resumedFromIgnoresPumpThatIsNotManaged() {
		Pump plain = Pump.pump(new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>());
		assertThat(ManagedPump.resumedFrom(plain, 600)).isSameAs(plain);
	}

	@Test
	void snapshotOfFinishedPumpHasOutcomeDurationAndBytes() {
		this.pump.start();
		this.source.push(new byte[3]).end();
		this.destination.takeAll();
		StepVerifier.create(this.pump.completion()).expectNext(3L).expectComplete().verify(Duration.ofSeconds(5));
		PumpSnapshot snapshot = this.pump.snapshot();
		assertThat(snapshot.outcome()).isEqualTo(PumpOutcome.SUCCESS);
		assertThat(snapshot.bytes()).isEqualTo(3);
		assertThat(snapshot.duration()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
		assertThat(snapshot.finished()).isAfterOrEqualTo(snapshot.started());
		assertThat(snapshot.failure()).isNull();
	}

	@Test
	void cancellingCompletionSubscriptionCancelsManagedPump() {
		this.pump.start();
		StepVerifier.create(this.pump.completion()).thenCancel().verify(Duration.ofSeconds(5));
		assertThat(this.pump.state()).isEqualTo(PumpState.CANCELLED);
		assertThat(this.source.isCancelled()).isTrue();
	}

	/**
	 * A write stream that does not tell its queue size.
	 */
	static final class ForgetfulWriteStream implements WriteStream<byte[]> {

		@Override
		public WriteStream<byte[]> write(byte[] item) {
			return this;
		}

		@Override
		public WriteStream<byte[]> setWriteQueueMaxSize(int maxSize) {
			return this;
		}

		@Override
		public boolean writeQueueFull() {
			return false;
		}

		@Override
		public WriteStream<byte[]> drainHandler(@Nullable Runnable handler) {
			return this;
		}

		@Override
		public WriteStream<byte[]> exceptionHandler(@Nullable Consumer<Throwable> handler) {
			return this;
		}

		@Override
		public CompletableFuture<Void> end() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void abort(Throwable cause) {
		}

	}

}
