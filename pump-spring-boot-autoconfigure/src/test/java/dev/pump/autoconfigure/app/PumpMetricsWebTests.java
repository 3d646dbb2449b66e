package dev.pump.autoconfigure.app;

import dev.pump.PumpFactory;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.registry.ManagedPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the meters of pumps through {@code /actuator/metrics} and
 * {@code /actuator/prometheus} of a running server.
 */
@SpringBootTest(classes = PumpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=metrics,prometheus" })
@AutoConfigureWebTestClient
@AutoConfigureMetrics
class PumpMetricsWebTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private PumpFactory pumpFactory;

	private final InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();

	private final InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();

	private ManagedPump pump;

	@BeforeEach
	void startPump() {
		this.pump = (ManagedPump) this.pumpFactory.create("metered", this.source, this.destination).start();
		this.source.push(new byte[700]);
	}

	@AfterEach
	void cancelPump() {
		this.pump.cancel();
	}

	@Test
	void metricsEndpointShowsBytesOfName() {
		InMemoryReadStream<byte[]> other = new InMemoryReadStream<>();
		this.pumpFactory.create("counted", other, new InMemoryWriteStream<>()).start();
		other.push(new byte[500]).end();
		this.client.get()
			.uri("/actuator/metrics/pump.bytes.pumped?tag=pump.name:counted")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.baseUnit")
			.isEqualTo("bytes")
			.jsonPath("$.measurements[0].value")
			.isEqualTo(500.0);
	}

	@Test
	void metricsEndpointShowsLivePump() {
		this.client.get()
			.uri("/actuator/metrics/pump.write.queue?tag=pump.id:{id}", this.pump.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.measurements[0].value")
			.isEqualTo(700.0);
	}

	@Test
	void prometheusShowsMetersOfPumps() {
		String body = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String pumpTags = "pump_id=\"" + this.pump.id() + "\",pump_name=\"metered\"";
		assertThat(body).contains("pump_bytes_total{" + pumpTags + "} 700.0")
			.contains("pump_paused{" + pumpTags + "} 0.0")
			.contains("pump_write_queue_bytes{" + pumpTags + "} 700.0")
			.contains("pump_bytes_pumped_bytes_total{pump_name=\"metered\"}")
			.contains("pump_active{pump_name=\"metered\"} 1.0")
			.contains("pump_active_paused{pump_name=\"metered\"} 0.0")
			.contains("pump_pauses_total{pump_name=\"metered\"} 0.0")
			.contains("pump_transfers_seconds_count{outcome=\"success\",pump_name=\"metered\"} 0");
	}

}
