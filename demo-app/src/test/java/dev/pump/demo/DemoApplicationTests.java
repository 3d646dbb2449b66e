package dev.pump.demo;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.pump.demo.storage.FileSystemStorage;
import dev.pump.demo.storage.Storage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as deployed: filesystem storage, and the actuator endpoints that operators
 * scrape and browse.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
@AutoConfigureMetrics
class DemoApplicationTests {

	@TempDir
	static Path root;

	@Autowired
	private WebTestClient client;

	@Autowired
	private Storage storage;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.toString());
	}

	@Test
	void storageIsTheFileSystemInTheConfiguredDirectory() throws Exception {
		Path directory = root.toRealPath();
		assertThat(this.storage).isInstanceOfSatisfying(FileSystemStorage.class,
				(fileSystem) -> assertThat(fileSystem.directory()).isEqualTo(directory));
	}

	@Test
	void healthEndpointIsUpOnARealServer() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void pumpsEndpointShowsTransfers() {
		this.client.put()
			.uri("/files/seen-by-the-endpoint")
			.bodyValue("pumped")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult();
		this.client.get().uri("/actuator/pumps").exchange().expectStatus().isOk().expectBody().returnResult();
	}

	@Test
	void prometheusScrapesPumpMetrics() {
		this.client.put()
			.uri("/files/scraped")
			.bodyValue("pumped")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult();
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((scrape) -> assertThat(scrape).contains("pump_transfers", "pump_name=\"upload\""));
	}

	@Test
	void metricsEndpointListsPumpMeters() {
		this.client.put()
			.uri("/files/measured")
			.bodyValue("pumped")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult();
		this.client.get()
			.uri("/actuator/metrics/pump.transfers")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("pump.transfers");
	}

}
