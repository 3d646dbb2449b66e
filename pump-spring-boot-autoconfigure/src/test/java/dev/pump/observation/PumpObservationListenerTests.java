package dev.pump.observation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PumpObservationListener}.
 */
class PumpObservationListenerTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 8);

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	@Test
	void transferIsOneObservationWithNameOutcomeIdAndBytes() {
		listen(null);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		this.source.push(new byte[5]).end();
		this.destination.takeAll();
		StepVerifier.create(pump.completion()).expectNext(5L).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasContextualNameEqualTo("pump upload")
			.hasLowCardinalityKeyValue("pump.name", "upload")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("pump.id", pump.id())
			.hasHighCardinalityKeyValue("pump.bytes", "5")
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError();
	}

	@Test
	void runningTransferHasNameAndIdButNoOutcomeYet() {
		listen(null);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasBeenStarted()
			.isNotStopped()
			.hasLowCardinalityKeyValue("pump.name", "upload")
			.hasHighCardinalityKeyValue("pump.id", pump.id())
			.doesNotHaveLowCardinalityKeyValueWithKey("outcome")
			.doesNotHaveHighCardinalityKeyValueWithKey("pump.bytes");
		pump.cancel();
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("pump.name", "upload")
			.hasLowCardinalityKeyValue("outcome", "cancelled")
			.hasHighCardinalityKeyValue("pump.id", pump.id())
			.hasHighCardinalityKeyValue("pump.bytes", "0");
	}

	@Test
	void failureIsRecordedAsError() {
		listen(null);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		this.source.fail(new IllegalStateException("disk gone"));
		StepVerifier.create(pump.completion()).expectError().verify(Duration.ofSeconds(5));
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasError();
	}

	@Test
	void pauseIsAnEvent() {
		listen(null);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		this.source.push(new byte[10]);
		assertThat(pump.isPaused()).isTrue();
		pump.cancel();
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasEvent(PumpObservationDocumentation.Events.PAUSED.getName())
			.hasLowCardinalityKeyValue("outcome", "cancelled");
	}

	@Test
	void pausesAreEventsAtPowersOfTwoAndCountedAtTheFinish() {
		listen(null);
		AtomicInteger events = new AtomicInteger();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public void onEvent(Observation.Event event, Observation.Context context) {
				events.incrementAndGet();
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		ManagedPump pump = this.factory.create("upload", this.source, this.destination).start();
		for (int i = 0; i < 5; i++) {
			this.source.push(new byte[10]);
			assertThat(pump.isPaused()).isTrue();
			this.destination.takeAll();
		}
		this.source.end();
		StepVerifier.create(pump.completion()).expectNext(50L).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(pump.pauseCount()).isEqualTo(5);
		// The 1st, 2nd and 4th pause.
		assertThat(events).hasValue(3);
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasHighCardinalityKeyValue("pump.pauses", "5");
	}

	@Test
	void parentIsObservationOfRunSubscriberContext() {
		listen(null);
		Observation request = Observation.start("http.server.requests", this.observations);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination);
		StepVerifier
			.create(pump.run()
				.contextWrite((context) -> context.put(PumpObservationListener.OBSERVATION_CONTEXT_KEY, request)))
			.then(() -> {
				this.source.end();
				this.destination.takeAll();
			})
			.expectNext(0L)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		request.stop();
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasParentObservationEqualTo(request);
	}

	@Test
	void parentIsCurrentObservationOfStartingThreadWithoutReactorContext() {
		listen(null);
		Observation outer = Observation.start("batch", this.observations);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination);
		outer.scoped(() -> pump.start());
		pump.cancel();
		outer.stop();
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasParentObservationEqualTo(outer);
	}

	@Test
	void reactorContextParentComesBeforeCurrentObservation() {
		listen(null);
		Observation request = Observation.start("http.server.requests", this.observations);
		Observation outer = Observation.start("batch", this.observations);
		ManagedPump pump = this.factory.create("upload", this.source, this.destination);
		outer.scoped(() -> pump.start(Context.of(PumpObservationListener.OBSERVATION_CONTEXT_KEY, request)));
		pump.cancel();
		outer.stop();
		request.stop();
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasParentObservationEqualTo(request);
	}

	@Test
	void customConventionNamesTheObservation() {
		listen(new DefaultPumpObservationConvention() {
			@Override
			public KeyValues getLowCardinalityKeyValues(PumpObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
			}
		});
		this.factory.create("upload", this.source, this.destination).start().cancel();
		assertThat(this.observations).hasObservationWithNameEqualTo("pump.transfer")
			.that()
			.hasLowCardinalityKeyValue("tenant", "acme");
	}

	private void listen(@Nullable PumpObservationConvention convention) {
		this.registry.addListener(new PumpObservationListener(this.observations, convention));
	}

}
