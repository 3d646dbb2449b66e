package dev.pump.registry;

import java.util.ArrayList;
import java.util.List;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.PumpListener.Pauses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PauseListeners}.
 */
class PauseListenersTests {

	@Test
	void noListenerHearsNothing() {
		assertThat(PauseListeners.NONE.hearsPause(1)).isFalse();
		assertThat(PauseListeners.NONE.hearsResume(1)).isFalse();
	}

	@Test
	void listenerThatDoesNotOverrideResumedHearsPausesOnly() {
		PauseListeners listeners = new PauseListeners(new PumpListener[] { new PumpListener() {
			@Override
			public void paused(ManagedPump pump) {
			}
		} });
		assertThat(listeners.hearsPause(3)).isTrue();
		assertThat(listeners.hearsResume(3)).isFalse();
	}

	@Test
	void sparseListenerHearsPowersOfTwo() {
		PauseListeners listeners = new PauseListeners(new PumpListener[] { sparse() });
		assertThat(listeners.hearsPause(4)).isTrue();
		assertThat(listeners.hearsResume(4)).isTrue();
		assertThat(listeners.hearsPause(6)).isFalse();
		assertThat(listeners.hearsResume(6)).isFalse();
	}

	@Test
	void listenerOfNoPausesHearsNothing() {
		PauseListeners listeners = new PauseListeners(new PumpListener[] { new PumpListener() {
			@Override
			public Pauses pauses() {
				return Pauses.NONE;
			}

			@Override
			public void resumed(ManagedPump pump) {
			}
		} });
		assertThat(listeners.hearsPause(1)).isFalse();
		assertThat(listeners.hearsResume(1)).isFalse();
	}

	@Test
	void registryTellsResumesOnlyToListenersThatHearThem() {
		PumpRegistry registry = new PumpRegistry();
		PumpRegistryTests.RecordingListener sparse = sparse();
		List<Long> pausesOnly = new ArrayList<>();
		registry.addListener(sparse);
		registry.addListener(new PumpListener() {
			@Override
			public void paused(ManagedPump pump) {
				pausesOnly.add(pump.pauseCount());
			}
		});
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		ManagedPump pump = new DefaultPumpFactory(registry, 8).create("upload", source, destination).start();
		for (int i = 0; i < 4; i++) {
			source.push(new byte[8]);
			destination.take();
		}
		assertThat(pausesOnly).containsExactly(1L, 2L, 3L, 4L);
		assertThat(sparse.events).containsExactly("registered " + pump.id(), "paused 1", "resumed 1", "paused 2",
				"resumed 2", "paused 4", "resumed 4");
	}

	private static PumpRegistryTests.RecordingListener sparse() {
		return new PumpRegistryTests.RecordingListener(Pauses.POWERS_OF_TWO);
	}

}
