package dev.pump.autoconfigure.app;

import java.util.Map;
import dev.pump.PumpFactory;
import dev.pump.PumpState;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.ManagedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code pumps} endpoint of a running server, with the default access:
 * reading only.
 */
@SpringBootTest(classes = PumpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=pumps" })
@AutoConfigureWebTestClient
class PumpsEndpointWebTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private PumpFactory pumpFactory;

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	private ManagedPump pump;

	@BeforeEach
	void startPump() {
		this.pump = (ManagedPump) this.pumpFactory.create("upload", this.source, this.destination);
		this.pump.expectedBytes(1000).resumedFrom(200).start();
		this.source.push(new byte[300]);
	}

	@AfterEach
	void cancelPump() {
		this.pump.cancel();
	}

	@Test
	void getPumpsListsLivePump() {
		this.client.get()
			.uri("/actuator/pumps")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.live.length()")
			.isEqualTo(1)
			.jsonPath("$.live[0].id")
			.isEqualTo(this.pump.id())
			.jsonPath("$.live[0].name")
			.isEqualTo("upload")
			.jsonPath("$.live[0].state")
			.isEqualTo("running")
			.jsonPath("$.live[0].bytes")
			.isEqualTo(300)
			.jsonPath("$.live[0].queuedBytes")
			.isEqualTo(300)
			.jsonPath("$.live[0].expectedBytes")
			.isEqualTo(1000)
			.jsonPath("$.live[0].resumedBytes")
			.isEqualTo(200)
			.jsonPath("$.live[0].paused")
			.isEqualTo(false)
			.jsonPath("$.live[0].started")
			.isNotEmpty()
			.jsonPath("$.recent")
			.isArray();
	}

	@Test
	void getPumpByIdReturnsIt() {
		this.client.get()
			.uri("/actuator/pumps/{id}", this.pump.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(this.pump.id())
			.jsonPath("$.pauses")
			.isEqualTo(0)
			.jsonPath("$.bytesPerSecond")
			.isNumber();
	}

	@Test
	void getFinishedPumpByIdShowsOutcome() {
		this.source.end();
		this.destination.takeAll();
		this.client.get()
			.uri("/actuator/pumps/{id}", this.pump.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("succeeded")
			.jsonPath("$.outcome")
			.isEqualTo("success")
			.jsonPath("$.durationMillis")
			.isNumber()
			.jsonPath("$.finished")
			.isNotEmpty();
	}

	@Test
	void getUnknownPumpIsNotFound() {
		this.client.get().uri("/actuator/pumps/{id}", "unknown").exchange().expectStatus().isNotFound();
	}

	@Test
	void postLimitIsMethodNotAllowedByDefault() {
		this.client.post()
			.uri("/actuator/pumps/{id}", this.pump.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bytesPerSecond", 1000))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectBody(Void.class);
		assertThat(this.pump.bytesPerSecondLimit()).isEmpty();
	}

	@Test
	void deleteIsMethodNotAllowedByDefault() {
		this.client.delete()
			.uri("/actuator/pumps/{id}", this.pump.id())
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			// Consumes and releases the error body, which would leak otherwise.
			.expectBody(Void.class);
		assertThat(this.pump.state()).isEqualTo(PumpState.RUNNING);
	}

}
