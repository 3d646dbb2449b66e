package dev.pump.autoconfigure.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=metrics,prometheus",
				"pump.metrics.per-pump-delay=0" })
@AutoConfigureWebTestClient
@AutoConfigureMetrics
class PumpMetricsWebTests {

	/** A sample line: metric name, then labels in braces. */
	private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}");

	/** A label of a sample: its key. */
	private static final Pattern LABEL_KEY = Pattern.compile("(\\w+)=\"(?:[^\"\\\\]|\\\\.)*\"");

	/**
	 * What dashboards and alerts see of the meters of pumps in the Prometheus text
	 * format: families with their types, and every sample name with its label keys.
	 */
	private static final List<String> PROMETHEUS_TEXT = List.of("# TYPE pump_active gauge",
			"# TYPE pump_active_paused gauge", "# TYPE pump_bytes_pumped_bytes_total counter",
			"# TYPE pump_bytes_total counter", "# TYPE pump_file_threads_active_threads gauge",
			"# TYPE pump_file_threads_queued_tasks gauge", "# TYPE pump_paused gauge",
			"# TYPE pump_pauses_total counter", "# TYPE pump_transfers_seconds summary",
			"# TYPE pump_transfers_seconds_max gauge", "# TYPE pump_write_queue_bytes gauge", "pump_active[pump_name]",
			"pump_active_paused[pump_name]", "pump_bytes_pumped_bytes_total[pump_name]",
			"pump_bytes_total[pump_id, pump_name]", "pump_file_threads_active_threads[kind]",
			"pump_file_threads_queued_tasks[kind]", "pump_paused[pump_id, pump_name]", "pump_pauses_total[pump_name]",
			"pump_transfers_seconds_count[outcome, pump_name]", "pump_transfers_seconds_max[outcome, pump_name]",
			"pump_transfers_seconds_sum[outcome, pump_name]", "pump_write_queue_bytes[pump_id, pump_name]");

	/**
	 * The same in OpenMetrics, the format Prometheus servers ask for first, which also
	 * has no {@code _total} in the names of counter families.
	 */
	private static final List<String> OPEN_METRICS = List.of("# TYPE pump_active gauge",
			"# TYPE pump_active_paused gauge", "# TYPE pump_bytes counter", "# TYPE pump_bytes_pumped_bytes counter",
			"# TYPE pump_file_threads_active_threads gauge", "# TYPE pump_file_threads_queued_tasks gauge",
			"# TYPE pump_paused gauge", "# TYPE pump_pauses counter", "# TYPE pump_transfers_seconds summary",
			"# TYPE pump_transfers_seconds_max gauge", "# TYPE pump_write_queue_bytes gauge", "pump_active[pump_name]",
			"pump_active_paused[pump_name]", "pump_bytes_pumped_bytes_total[pump_name]",
			"pump_bytes_total[pump_id, pump_name]", "pump_file_threads_active_threads[kind]",
			"pump_file_threads_queued_tasks[kind]", "pump_paused[pump_id, pump_name]", "pump_pauses_total[pump_name]",
			"pump_transfers_seconds_count[outcome, pump_name]", "pump_transfers_seconds_max[outcome, pump_name]",
			"pump_transfers_seconds_sum[outcome, pump_name]", "pump_write_queue_bytes[pump_id, pump_name]");

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

	@Test
	void prometheusTextNamesTypesAndLabelKeysOfPumpsAreTheDocumentedOnes() {
		assertThat(pumpFamilies(scrape("text/plain;version=0.0.4"))).containsExactlyElementsOf(PROMETHEUS_TEXT);
	}

	@Test
	void openMetricsNamesTypesUnitsAndLabelKeysOfPumpsAreTheDocumentedOnes() {
		assertThat(pumpFamilies(scrape("application/openmetrics-text;version=1.0.0")))
			.containsExactlyElementsOf(OPEN_METRICS);
	}

	private String scrape(String mediaType) {
		return this.client.get()
			.uri("/actuator/prometheus")
			.header("Accept", mediaType)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The {@code # TYPE} and {@code # UNIT} lines of the families of pumps, and their
	 * samples reduced to name and label keys, sorted and without repeats.
	 */
	private static Set<String> pumpFamilies(String body) {
		Set<String> lines = new TreeSet<>();
		for (String line : body.split("\n")) {
			if (line.startsWith("# TYPE pump_") || line.startsWith("# UNIT pump_")) {
				lines.add(line);
			}
			Matcher sample = SAMPLE.matcher(line);
			if (sample.find() && sample.group(1).startsWith("pump_")) {
				lines.add(sample.group(1) + labelKeys(sample.group(2)));
			}
		}
		return lines;
	}

	private static String labelKeys(String labels) {
		Matcher label = LABEL_KEY.matcher(labels);
		List<String> keys = new ArrayList<>();
		while (label.find()) {
			keys.add(label.group(1));
		}
		return Arrays.toString(keys.stream().sorted().toArray());
	}

}
