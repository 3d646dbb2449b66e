package dev.pump.autoconfigure.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.ManagedPump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the write operations of the {@code pumps} endpoint of a running server
 * (cancel, limit), once access is granted.
 */
@SpringBootTest(classes = PumpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=pumps",
				"management.endpoint.pumps.access=unrestricted" })
@AutoConfigureWebTestClient
class PumpsEndpointCancelWebTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private PumpFactory pumpFactory;

	@Test
	void deleteCancelsPump() {
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		Pump pump = this.pumpFactory.create("upload", source, destination).start();
		String id = ((ManagedPump) pump).id();
		this.client.delete()
			.uri("/actuator/pumps/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("cancelled");
		StepVerifier.create(pump.completion()).expectError(CancellationException.class).verify(Duration.ofSeconds(5));
		assertThat(source.isCancelled()).isTrue();
		assertThat(destination.abortCause()).isInstanceOf(CancellationException.class);
	}

	@Test
	void postChangesLimitOfLivePump() {
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		ManagedPump pump = (ManagedPump) this.pumpFactory.create("upload", source, new InMemoryWriteStream<>()).start();
		this.client.post()
			.uri("/actuator/pumps/{id}", pump.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bytesPerSecond", 4_000_000))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.bytesPerSecondLimit")
			.isEqualTo(4_000_000);
		assertThat(pump.bytesPerSecondLimit()).hasValue(4_000_000);
		this.client.get()
			.uri("/actuator/pumps")
			.exchange()
			.expectBody()
			.jsonPath("$.live[?(@.id == '" + pump.id() + "')].bytesPerSecondLimit")
			.isEqualTo(4_000_000);
		pump.cancel();
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1 })
	void postLimitOfZeroOrLessIsBadRequest(long bytesPerSecond) {
		ManagedPump pump = (ManagedPump) this.pumpFactory
			.create("upload", new InMemoryReadStream<byte[]>(), new InMemoryWriteStream<>())
			.start();
		this.client.post()
			.uri("/actuator/pumps/{id}", pump.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bytesPerSecond", bytesPerSecond))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400);
		assertThat(pump.bytesPerSecondLimit()).isEmpty();
		pump.cancel();
	}

	@Test
	void postLimitOfUnknownPumpIsNotFound() {
		this.client.post()
			.uri("/actuator/pumps/{id}", "unknown")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bytesPerSecond", 1000))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(Void.class);
	}

	@Test
	void deleteUnknownPumpIsNotFound() {
		this.client.delete().uri("/actuator/pumps/{id}", "unknown").exchange().expectStatus().isNotFound();
	}

	@Test
	void deleteFinishedPumpIsNotFoundAndLeavesItsOutcome() {
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		Pump pump = this.pumpFactory.create("upload", source, new InMemoryWriteStream<>()).start();
		String id = ((ManagedPump) pump).id();
		source.end();
		StepVerifier.create(pump.completion()).expectNext(0L).expectComplete().verify(Duration.ofSeconds(5));
		this.client.delete().uri("/actuator/pumps/{id}", id).exchange().expectStatus().isNotFound();
		this.client.get()
			.uri("/actuator/pumps/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("success");
	}

}
