package dev.pump.actuate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.pump.actuate.PumpsEndpoint.PumpsDescriptor;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpsEndpoint}.
 */
class PumpsEndpointTests {

	private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

	private final PumpRegistry registry = new PumpRegistry(10, Clock.fixed(START, ZoneOffset.UTC));

	private final PumpsEndpoint endpoint = new PumpsEndpoint(this.registry,
			Clock.fixed(START.plusSeconds(2), ZoneOffset.UTC));

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 8);

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	@Test
	void pumpsDescribesLivePump() {
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).expectedBytes(100).start();
		this.source.push(new byte[8]);
		PumpsDescriptor pumps = this.endpoint.pumps();
		assertThat(pumps.getRecent()).isEmpty();
		assertThat(pumps.getLive()).singleElement().satisfies((live) -> {
			assertThat(live.getName()).isEqualTo("upload");
			assertThat(live.getId()).isEqualTo(pump.id());
			assertThat(live.getState()).isEqualTo("paused");
			assertThat(live.getBytes()).isEqualTo(8);
			assertThat(live.isPaused()).isTrue();
			assertThat(live.getPauses()).isOne();
			assertThat(live.getQueuedBytes()).isEqualTo(8);
			assertThat(live.getStarted()).isEqualTo("2026-01-02T03:04:05Z");
			assertThat(live.getBytesPerSecond()).isEqualTo(4.0);
			assertThat(live.getExpectedBytes()).isEqualTo(100);
			assertThat(live.getResumedBytes()).isZero();
			assertThat(live.getOutcome()).isNull();
			assertThat(live.getFinished()).isNull();
			assertThat(live.getDurationMillis()).isNull();
		});
	}

	@Test
	void pumpsDescribesResumedPumpWithItsOwnBytesAndTheBytesBeforeIt() {
		this.factory.create("tus-upload", this.source, this.destination).expectedBytes(100).resumedFrom(60).start();
		this.source.push(new byte[8]);
		assertThat(this.endpoint.pumps().getLive()).singleElement().satisfies((live) -> {
			assertThat(live.getResumedBytes()).isEqualTo(60);
			assertThat(live.getBytes()).isEqualTo(8);
			assertThat(live.getExpectedBytes()).isEqualTo(100);
			assertThat(live.getBytesPerSecond()).isEqualTo(4.0);
		});
	}

	@Test
	void pumpsDescribesResumedBytesOfFinishedPump() {
		ManagedPump pump = this.factory.create("tus-upload", this.source, this.destination).resumedFrom(60).start();
		pump.cancel();
		assertThat(this.endpoint.pumps().getRecent()).singleElement()
			.satisfies((recent) -> assertThat(recent.getResumedBytes()).isEqualTo(60));
	}

	@Test
	void pumpsDescribesFinishedPump() {
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		this.source.fail(new IllegalStateException("disk on fire"));
		PumpsDescriptor pumps = this.endpoint.pumps();
		assertThat(pumps.getLive()).isEmpty();
		assertThat(pumps.getRecent()).singleElement().satisfies((recent) -> {
			assertThat(recent.getId()).isEqualTo(pump.id());
			assertThat(recent.getState()).isEqualTo("failed");
			assertThat(recent.getOutcome()).isEqualTo("failure");
			assertThat(recent.getFinished()).isEqualTo(START.plus(this.registry.recent().get(0).duration()).toString());
			assertThat(recent.getDurationMillis()).isNotNull();
			assertThat(recent.getFailure()).isEqualTo("read stream failed: disk on fire");
			assertThat(recent.isPaused()).isFalse();
		});
	}

	@Test
	void pumpFindsLiveAndRecentPumpById() {
		ManagedPump live = this.factory.create("upload", this.source, this.destination).start();
		ManagedPump finished = this.factory
			.create("download", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
			.start();
		finished.cancel();
		assertThat(this.endpoint.pump(live.id())).isNotNull()
			.satisfies((pump) -> assertThat(pump.getState()).isEqualTo("running"));
		assertThat(this.endpoint.pump(finished.id())).isNotNull()
			.satisfies((pump) -> assertThat(pump.getState()).isEqualTo("cancelled"));
	}

	@Test
	void pumpWithUnknownIdIsNull() {
		assertThat(this.endpoint.pump("unknown")).isNull();
	}

	@Test
	void cancelCancelsLivePump() {
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		PumpDescriptor cancelled = this.endpoint.cancel(pump.id());
		assertThat(cancelled).isNotNull();
		assertThat(cancelled.getState()).isEqualTo("cancelled");
		assertThat(this.source.isCancelled()).isTrue();
		assertThat(this.destination.abortCause()).isNotNull();
	}

	@Test
	void cancelWithUnknownIdIsNull() {
		assertThat(this.endpoint.cancel("unknown")).isNull();
	}

}
