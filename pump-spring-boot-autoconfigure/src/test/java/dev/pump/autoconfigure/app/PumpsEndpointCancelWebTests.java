package dev.pump.autoconfigure.app;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.ManagedPump;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the cancel operation of the {@code pumps} endpoint of a running server, once
 * access is granted.
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
