package dev.pump.demo.dashboard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pump.demo.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard ({@code grafana/pump-dashboard.json}) against a real Prometheus
 * scraping the running service every second: after a finished upload, a failed one, and
 * while one is live, every panel's and every variable's query (variables substituted)
 * returns a non-empty result with the labels it groups by. Skipped with
 * {@code -Dpump.prometheus-tests=false}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.storage.throttle=512KB", "pump.write-queue-max-size=64KB" })
@AutoConfigureMetrics
@DisabledIfSystemProperty(named = "pump.prometheus-tests", matches = "false")
class PrometheusDashboardQueryTests {

	private static final Path DASHBOARD = Path.of("grafana", "pump-dashboard.json");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,\\s]+)\\s*,\\s*(\\w+)\\s*\\)");

	private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

	private static final int SIZE = 1024 * 1024;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void everyPanelAndVariableQueryReturnsSeriesWithItsLabels() throws Exception {
		DocumentContext dashboard = JsonPath.parse(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
		Files.createDirectories(root.resolve("prometheus"));
		try (PrometheusServer prometheus = PrometheusServer.scraping(this.port, root.resolve("prometheus"))) {
			uploadOneAndFailOne();
			try (RawHttp live = RawHttp.connect(this.port)) {
				live.send("PUT /files/prometheus/live.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + SIZE
						+ "\r\n\r\n");
				live.send(new byte[SIZE / 2]);
				// Two scrapes of a live, paused pump and of finished transfers: enough
				// for rate().
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> prometheus.query("count_over_time(pump_paused[1m])").stream().anyMatch(this::twice)
							&& !prometheus.query("pump_transfers_seconds_count{outcome!=\"success\"}").isEmpty());
				assertQueries(prometheus, dashboard);
				live.send(new byte[SIZE / 2]);
				assertThat(live.readStatus()).isEqualTo(201);
			}
		}
	}

	private void assertQueries(PrometheusServer prometheus, DocumentContext dashboard) throws Exception {
		List<String> panels = dashboard.read("$.panels[*].targets[*].expr");
		List<String> variables = dashboard.read("$.templating.list[?(@.type == 'query')].definition");
		assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
		assertThat(variables).isNotEmpty();
		SoftAssertions softly = new SoftAssertions();
		for (String panel : panels) {
			String query = substitute(panel);
			assertSeries(softly, query, prometheus.query(query), grouping(panel));
		}
		for (String variable : variables) {
			Matcher matcher = LABEL_VALUES.matcher(variable);
			assertThat(matcher.matches()).as(variable).isTrue();
			String query = "count by (" + matcher.group(2) + ") (" + matcher.group(1) + ")";
			assertSeries(softly, query, prometheus.query(query), Set.of(matcher.group(2)));
		}
		softly.assertAll();
	}

	private static void assertSeries(SoftAssertions softly, String query, List<Map<String, Object>> result,
			Set<String> labels) {
		softly.assertThat(result).as(query).isNotEmpty();
		result.forEach(
				(series) -> softly.assertThat(labelsOf(series)).as(query).containsKeys(labels.toArray(new String[0])));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> labelsOf(Map<String, Object> series) {
		return (Map<String, String>) series.get("metric");
	}

	private boolean twice(Map<String, Object> series) {
		List<?> value = (List<?>) series.get("value");
		return Double.parseDouble(value.get(1).toString()) >= 2;
	}

	// What Grafana would send with "All" selected.
	private static String substitute(String query) {
		return query.replace("$instance", ".*").replace("$pump_name", ".*").replace("$__rate_interval", "1m");
	}

	// The labels of the outermost grouping: "le" is consumed by histogram_quantile.
	private static Set<String> grouping(String query) {
		Set<String> labels = new LinkedHashSet<>();
		Matcher matcher = GROUPING.matcher(query);
		if (matcher.find()) {
			for (String label : matcher.group(1).split(",")) {
				labels.add(label.trim());
			}
		}
		labels.remove("le");
		return labels;
	}

	private void uploadOneAndFailOne() throws Exception {
		try (RawHttp upload = RawHttp.connect(this.port)) {
			upload.send("PUT /files/prometheus/done.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1024\r\n\r\n");
			upload.send(new byte[1024]);
			assertThat(upload.readStatus()).isEqualTo(201);
		}
		try (RawHttp failed = RawHttp.connect(this.port)) {
			failed.send("PUT /files/prometheus/gone.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + SIZE
					+ "\r\n\r\n");
			failed.send(new byte[4096]);
			// The client goes away mid-upload: the transfer fails.
			failed.reset();
		}
	}

}
