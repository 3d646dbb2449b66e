package dev.pump.registry;

import java.time.Duration;

import dev.pump.Pump;
import dev.pump.PumpState;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link DefaultPumpFactory}.
 */
class DefaultPumpFactoryTests {

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory factory = new DefaultPumpFactory(this.registry, 1024);

	@Test
	void createPassesDefaultWriteQueueMaxSizeToWriteStream() {
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		this.factory.create("upload", new InMemoryReadStream<>(), destination);
		assertThat(destination.writeQueueMaxSize()).isEqualTo(1024);
	}

	@Test
	void createGivesNameAndUniqueId() {
		ManagedPump first = this.factory.create("upload", new InMemoryReadStream<>(), new InMemoryWriteStream<>());
		ManagedPump second = this.factory.create("upload", new InMemoryReadStream<>(), new InMemoryWriteStream<>());
		assertThat(first.name()).isEqualTo("upload");
		assertThat(first.id()).isNotBlank().isNotEqualTo(second.id());
	}

	@Test
	void createWithoutNameUsesDefaultName() {
		ManagedPump pump = this.factory.create(new InMemoryReadStream<>(), new InMemoryWriteStream<>());
		assertThat(pump.name()).isEqualTo(DefaultPumpFactory.DEFAULT_NAME);
	}

	@Test
	void createDoesNotStartThePump() {
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		ManagedPump pump = this.factory.create("upload", source, destination);
		source.push(new byte[10]);
		assertThat(pump.state()).isEqualTo(PumpState.NEW);
		assertThat(source.pendingCount()).isOne();
		assertThat(this.registry.live()).isEmpty();
	}

	@Test
	void createWithBlankNameThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create(" ", new InMemoryReadStream<>(), new InMemoryWriteStream<>()));
	}

	@Test
	void createWithNullStreamThrows() {
		assertThatNullPointerException()
			.isThrownBy(() -> this.factory.create("upload", null, new InMemoryWriteStream<byte[]>()));
	}

	@Test
	void createdPumpMovesItemsAndCompletes() {
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		ManagedPump pump = this.factory.create("upload", source, destination).start();
		source.push(new byte[100]).push(new byte[50]).end();
		destination.takeAll();
		StepVerifier.create(pump.completion()).expectNext(150L).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(pump.state()).isEqualTo(PumpState.SUCCEEDED);
	}

	@Test
	void cancelledPumpIsCancelled() {
		ManagedPump pump = this.factory.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
			.start();
		pump.cancel();
		assertThat(pump.state()).isEqualTo(PumpState.CANCELLED);
		assertThat(pump.snapshot().failure()).isEqualTo("Pump cancelled");
	}

}
