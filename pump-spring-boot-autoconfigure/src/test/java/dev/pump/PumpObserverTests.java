package dev.pump;

import java.util.ArrayList;
import java.util.List;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life-cycle events a pump reports to its observer.
 */
class PumpObserverTests {

	private final List<String> events = new ArrayList<>();

	private final PumpObserver observer = new PumpObserver() {

		@Override
		public void started(Pump pump) {
			PumpObserverTests.this.events.add("started");
		}

		@Override
		public void paused(Pump pump) {
			PumpObserverTests.this.events.add("paused");
		}

		@Override
		public void resumed(Pump pump) {
			PumpObserverTests.this.events.add("resumed");
		}

		@Override
		public void ending(Pump pump) {
			PumpObserverTests.this.events.add("ending");
		}

		@Override
		public void finished(Pump pump, PumpOutcome outcome, @Nullable Throwable failure) {
			PumpObserverTests.this.events.add("finished " + outcome);
		}

	};

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<byte[]>().setWriteQueueMaxSize(4);

	@Test
	void reportsStartOncePausesResumesAndSuccess() {
		Pump pump = Pump.pump(this.source, this.destination, this.observer);
		pump.start().stop().start();
		this.source.push(new byte[4]);
		this.destination.takeAll();
		this.source.end();
		assertThat(this.events).containsExactly("started", "paused", "resumed", "ending", "finished SUCCESS");
		assertThat(this.events).containsOnlyOnce("paused");
		assertThat(pump.state()).isEqualTo(PumpState.SUCCEEDED);
	}

	@Test
	void reportsFailure() {
		Pump pump = Pump.pump(this.source, this.destination, this.observer);
		pump.start();
		this.source.fail(new IllegalStateException("boom"));
		assertThat(this.events).containsExactly("started", "finished FAILURE");
	}

	@Test
	void reportsCancelOnce() {
		Pump pump = Pump.pump(this.source, this.destination, this.observer);
		pump.start();
		pump.cancel();
		pump.cancel();
		this.source.fail(new IllegalStateException("late"));
		assertThat(this.events).containsExactly("started", "finished CANCELLED");
	}

}
