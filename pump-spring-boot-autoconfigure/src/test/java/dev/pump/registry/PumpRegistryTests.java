package dev.pump.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.pump.PumpOutcome;
import dev.pump.PumpState;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PumpRegistry}.
 */
class PumpRegistryTests {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	private final PumpRegistry registry = new PumpRegistry(2, Clock.fixed(NOW, ZoneOffset.UTC));

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 8);

	@Test
	void startedPumpIsLive() {
		ManagedPump pump = create().start();
		assertThat(this.registry.live()).containsExactly(pump);
		assertThat(this.registry.find(pump.id())).containsSame(pump);
		assertThat(pump.started()).isEqualTo(NOW);
	}

	@Test
	void finishedPumpLeavesLiveForRecent() {
		ManagedPump pump = create().start();
		pump.cancel();
		assertThat(this.registry.live()).isEmpty();
		assertThat(this.registry.find(pump.id())).isEmpty();
		assertThat(this.registry.recent()).singleElement().satisfies((snapshot) -> {
			assertThat(snapshot.id()).isEqualTo(pump.id());
			assertThat(snapshot.outcome()).isEqualTo(PumpOutcome.CANCELLED);
			assertThat(snapshot.finished()).isEqualTo(NOW.plus(snapshot.duration()));
		});
	}

	@Test
	void recentIsBoundedNewestFirst() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ManagedPump pump = create().start();
			pump.cancel();
			ids.add(pump.id());
		}
		assertThat(this.registry.recent()).extracting(PumpSnapshot::id).containsExactly(ids.get(2), ids.get(1));
	}

	@Test
	void historySizeZeroKeepsNothing() {
		PumpRegistry forgetful = new PumpRegistry(0);
		new DefaultPumpFactory(forgetful, 8).create("x", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
			.start()
			.cancel();
		assertThat(forgetful.recent()).isEmpty();
	}

	@Test
	void negativeHistorySizeThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PumpRegistry(-1));
	}

	@Test
	void snapshotFindsLiveAndRecentPumps() {
		ManagedPump live = create().start();
		ManagedPump finished = create().start();
		finished.cancel();
		assertThat(this.registry.snapshot(live.id()))
			.hasValueSatisfying((snapshot) -> assertThat(snapshot.state()).isEqualTo(PumpState.RUNNING));
		assertThat(this.registry.snapshot(finished.id()))
			.hasValueSatisfying((snapshot) -> assertThat(snapshot.state()).isEqualTo(PumpState.CANCELLED));
		assertThat(this.registry.snapshot("unknown")).isEmpty();
	}

	@Test
	void listenerHearsLifeCycleEvents() {
		RecordingListener listener = new RecordingListener();
		this.registry.addListener(listener);
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		ManagedPump pump = this.factory.create("upload", source, destination).start();
		source.push(new byte[8]);
		destination.take();
		source.end();
		assertThat(listener.events).containsExactly("registered " + pump.id(), "paused", "resumed",
				"finished SUCCESS 8");
	}

	@Test
	void listenersHearThePausesTheyAskFor() {
		RecordingListener every = new RecordingListener();
		RecordingListener sparse = new RecordingListener(PumpListener.Pauses.POWERS_OF_TWO);
		RecordingListener none = new RecordingListener(PumpListener.Pauses.NONE);
		this.registry.addListener(every);
		this.registry.addListener(sparse);
		this.registry.addListener(none);
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		ManagedPump pump = this.factory.create("upload", source, destination).start();
		for (int i = 0; i < 9; i++) {
			source.push(new byte[8]);
			destination.take();
		}
		assertThat(pump.pauseCount()).isEqualTo(9);
		assertThat(every.events).filteredOn((event) -> event.startsWith("paused")).hasSize(9);
		assertThat(every.events).filteredOn((event) -> event.startsWith("resumed")).hasSize(9);
		assertThat(sparse.events).containsExactly("registered " + pump.id(), "paused 1", "resumed 1", "paused 2",
				"resumed 2", "paused 4", "resumed 4", "paused 8", "resumed 8");
		assertThat(none.events).containsExactly("registered " + pump.id());
	}

	@Test
	void listenerAddedWhilePumpRunsHearsItsFinishNotItsPauses() {
		RecordingListener before = new RecordingListener();
		this.registry.addListener(before);
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		ManagedPump pump = this.factory.create("upload", source, destination).start();
		RecordingListener after = new RecordingListener();
		this.registry.addListener(after);
		source.push(new byte[8]);
		destination.take();
		source.end();
		assertThat(before.events).containsExactly("registered " + pump.id(), "paused", "resumed", "finished SUCCESS 8");
		assertThat(after.events).containsExactly("finished SUCCESS 8");
		ManagedPump next = this.factory.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
			.start();
		assertThat(after.events).containsExactly("finished SUCCESS 8", "registered " + next.id());
	}

	@Test
	void removedListenerHearsNothing() {
		RecordingListener listener = new RecordingListener();
		this.registry.addListener(listener);
		this.registry.removeListener(listener);
		create().start();
		assertThat(listener.events).isEmpty();
	}

	@Test
	void failingListenerDoesNotBreakPumpNorOtherListeners() {
		this.registry.addListener(new PumpListener() {
			@Override
			public void registered(ManagedPump pump) {
				throw new IllegalStateException("boom");
			}
		});
		RecordingListener listener = new RecordingListener();
		this.registry.addListener(listener);
		ManagedPump pump = create().start();
		assertThat(pump.state()).isEqualTo(PumpState.RUNNING);
		assertThat(listener.events).containsExactly("registered " + pump.id());
	}

	@Test
	void pumpCancelledBeforeStartIsRecentButNeverLive() {
		RecordingListener listener = new RecordingListener();
		this.registry.addListener(listener);
		ManagedPump pump = create();
		pump.cancel();
		assertThat(this.registry.recent()).extracting(PumpSnapshot::id).containsExactly(pump.id());
		assertThat(listener.events).containsExactly("finished CANCELLED 0");
	}

	private ManagedPump create() {
		return this.factory.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>());
	}

	static final class RecordingListener implements PumpListener {

		final List<String> events = new ArrayList<>();

		private final Pauses pauses;

		RecordingListener() {
			this(Pauses.EVERY);
		}

		RecordingListener(Pauses pauses) {
			this.pauses = pauses;
		}

		@Override
		public Pauses pauses() {
			return this.pauses;
		}

		@Override
		public void registered(ManagedPump pump) {
			this.events.add("registered " + pump.id());
		}

		@Override
		public void paused(ManagedPump pump) {
			this.events.add((this.pauses == Pauses.EVERY) ? "paused" : "paused " + pump.pauseCount());
		}

		@Override
		public void resumed(ManagedPump pump) {
			this.events.add((this.pauses == Pauses.EVERY) ? "resumed" : "resumed " + pump.pauseCount());
		}

		@Override
		public void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
			this.events.add("finished " + snapshot.outcome() + " " + snapshot.bytes());
		}

	}

}
