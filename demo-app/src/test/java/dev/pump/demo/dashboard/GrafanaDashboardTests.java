package dev.pump.demo.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pump.demo.RawHttp;
import dev.pump.metrics.PumpMeters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard ({@code grafana/pump-dashboard.json}) against what the service
 * really exports: every query of every panel and variable names metrics and labels found
 * in a scrape of {@code /actuator/prometheus}, taken while an upload is live so that the
 * meters of live pumps are in it too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.storage.throttle=512KB", "pump.write-queue-max-size=64KB" })
@AutoConfigureMetrics
class GrafanaDashboardTests {

	private static final Path DASHBOARD = Path.of("grafana", "pump-dashboard.json");

	/** Labels Prometheus adds to every scraped sample, not the application. */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,\\s]+)\\s*,\\s*(\\w+)\\s*\\)");

	private static final int SIZE = 1024 * 1024;

	@TempDir
	static Path root;

	private static @Nullable PrometheusScrape scrape;

	@LocalServerPort
	int port;

	private final DocumentContext dashboard = JsonPath.parse(read(DASHBOARD));

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@BeforeEach
	void scrapeWhileAnUploadIsLive() throws Exception {
		if (scrape != null) {
			return;
		}
		try (RawHttp upload = RawHttp.connect(this.port)) {
			upload.send(
					"PUT /files/grafana/live.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + SIZE + "\r\n\r\n");
			upload.send(new byte[SIZE / 2]);
			AtomicReference<String> text = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				text.set(prometheus());
				return text.get().contains("pump_paused{");
			});
			scrape = new PrometheusScrape(text.get());
			Files.writeString(Path.of("target", "prometheus-scrape.txt"), text.get(), StandardCharsets.UTF_8);
			upload.send(new byte[SIZE / 2]);
			assertThat(upload.readStatus()).isEqualTo(201);
		}
	}

	@Test
	void everyQueryNamesMetricsTheServiceExports() {
		List<String> queries = queries();
		assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
		SoftAssertions.assertSoftly((softly) -> queries.forEach((query) -> softly.assertThat(PromQl.metricNames(query))
			.as(query)
			.isNotEmpty()
			.isSubsetOf(scrape.metricNames())));
	}

	@Test
	void everyQueryMatchesAndGroupsByLabelsItsMetricsCarry() {
		SoftAssertions.assertSoftly((softly) -> queries().forEach((query) -> {
			Set<String> labels = new HashSet<>(TARGET_LABELS);
			PromQl.metricNames(query).forEach((metric) -> labels.addAll(scrape.labelNames(metric)));
			softly.assertThat(PromQl.labelNames(query)).as(query).isSubsetOf(labels);
		}));
	}

	@Test
	void everyVariableListsValuesOfAnExportedLabel() {
		List<String> variables = this.dashboard.read("$.templating.list[?(@.type == 'query')].definition");
		assertThat(variables).isNotEmpty();
		for (String variable : variables) {
			Matcher matcher = LABEL_VALUES.matcher(variable);
			assertThat(matcher.matches()).as(variable).isTrue();
			Set<String> labels = new HashSet<>(TARGET_LABELS);
			labels.addAll(scrape.labelNames(matcher.group(1)));
			assertThat(labels).as(variable).contains(matcher.group(2));
			assertThat(scrape.metricNames()).as(variable).contains(matcher.group(1));
		}
	}

	@Test
	void everyMeterOfPumpsIsShownByAPanel() {
		Set<String> metrics = new HashSet<>();
		queries().forEach((query) -> metrics.addAll(PromQl.metricNames(query)));
		for (PumpMeters meter : PumpMeters.values()) {
			Set<String> families = scrape.familiesDescribedAs(meter.getDescription());
			assertThat(families).as(meter.getName()).isNotEmpty();
			assertThat(metrics).as(meter.getName())
				.anyMatch((metric) -> families.stream().anyMatch((family) -> metric.startsWith(family)));
		}
	}

	@Test
	void everyPanelQueriesThePrometheusDatasourceOfTheDashboard() {
		List<Object> panels = this.dashboard.read("$.panels[?(@.type != 'row')]");
		List<Object> withTargets = this.dashboard.read("$.panels[?(@.type != 'row' && @.targets[0].expr)]");
		assertThat(withTargets).hasSameSizeAs(panels);
		List<String> datasources = this.dashboard.read("$.panels[?(@.type != 'row')].datasource.uid");
		assertThat(datasources).hasSameSizeAs(panels).containsOnly("${datasource}");
	}

	private List<String> queries() {
		return this.dashboard.read("$.panels[*].targets[*].expr");
	}

	private String prometheus() throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
			.header("Accept", "text/plain")
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofString()).body();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file.toAbsolutePath(), ex);
		}
	}

}
