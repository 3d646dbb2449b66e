package dev.pump.demo.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pump.demo.Content;
import dev.pump.demo.PumpsEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upload form resumes, in a real headless Chromium: a file sent with tus in 8 MiB
 * chunks, slowed down by a bandwidth limit on the {@code tus-upload} pumps, is
 * interrupted by a reload of the page; chosen again, it goes on at the server's offset
 * instead of starting over. The live row of a PATCH shows the upload's progress, not only
 * the PATCH's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "pump.bandwidth.names.tus-upload.per-pump=4MB",
				"management.endpoint.pumps.access=unrestricted", "logging.level.org.openqa.selenium=ERROR" })
@AutoConfigureWebTestClient
@DisabledIfSystemProperty(named = "pump.browser-tests", matches = "false")
class DashboardResumeBrowserTests {

	private static final int MIB = 1024 * 1024;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String ITEM = "#uploads li[data-key='uploads/resumed.bin']";

	private static final String RETRIED_ITEM = "#uploads li[data-key='uploads/retried.bin']";

	// A PATCH past the first chunk, as its live row shows it: [bytes of the PATCH, bytes
	// of the upload].
	private static final String RESUMED_ROW = """
			const row = [...document.querySelectorAll('#live-pumps tbody tr[data-name="tus-upload"]')]
				.find((row) => Number(row.querySelector('.progress').dataset.done) > Number(row.querySelector('.bytes').dataset.bytes));
			return row ? [row.querySelector('.bytes').dataset.bytes, row.querySelector('.progress').dataset.done] : null;""";

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	private WebTestClient client;

	private HeadlessChromium chromium;

	private ChromeDriver driver;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@BeforeEach
	void openDashboard() throws IOException {
		this.chromium = HeadlessChromium.start();
		this.driver = this.chromium.driver();
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		awaitLive();
	}

	@AfterEach
	void closeBrowser() throws IOException {
		this.chromium.close();
	}

	@Test
	void uploadInterruptedByAReloadResumesAtTheServersOffset() throws Exception {
		// Three chunks: the reload comes during the second, so the server has at least
		// the first, whatever the socket buffers held of the second.
		Content content = new Content(18, 20 * MIB);
		Path file = write(content, "resumed.bin");
		this.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		List<?> row = await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> (List<?>) this.driver.executeScript(RESUMED_ROW), (sample) -> sample != null);
		this.chromium.screenshot("dashboard-tus-progress");
		assertThat(Long.parseLong(String.valueOf(row.get(1)))).isGreaterThanOrEqualTo(8L * MIB)
			.isLessThanOrEqualTo(content.size());
		assertThat(attribute(ITEM, "data-status")).isEqualTo("sending");

		this.driver.navigate().refresh();
		awaitLive();
		this.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		await().atMost(WAIT).until(() -> !"sending".equals(attribute(ITEM, "data-status")));
		this.chromium.screenshot("dashboard-tus-resumed");
		assertThat(attribute(ITEM, "data-status")).isEqualTo("stored");
		long resumedAt = Long.parseLong(attribute(ITEM, "data-resumed-at"));
		assertThat(resumedAt).isGreaterThanOrEqualTo(8L * MIB).isLessThan(content.size());
		assertThat(this.driver.findElement(By.cssSelector(ITEM + " .upload-note")).getText()).startsWith("resumed at");

		List<Map<String, Object>> patches = recentPatches(content.size());
		assertThat(patches).as("one upload, never started over")
			.filteredOn((pump) -> number(pump, "resumedBytes") == 0)
			.hasSize(1);
		assertThat(patches).as("the first PATCH after the reload, at the server's offset")
			.anySatisfy((pump) -> assertThat(number(pump, "resumedBytes")).isEqualTo(resumedAt));
		assertThat(patches.get(0)).containsEntry("outcome", "success");
		assertThat(number(patches.get(0), "resumedBytes") + number(patches.get(0), "bytes")).isEqualTo(content.size());
		assertThat(listed("uploads/resumed.bin")).containsEntry("sha256", content.sha256())
			.satisfies((object) -> assertThat(number(object, "size")).isEqualTo(content.size()));
		assertThat(download("uploads/resumed.bin")).isEqualTo(content.bytes());
	}

	@Test
	void patchFailedOnTheServersSideIsRetriedAtTheServersOffset() throws Exception {
		Content content = new Content(19, 6 * MIB);
		Path file = write(content, "retried.bin");
		this.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		Map<String, Object> first = await().atMost(WAIT)
			.until(() -> livePatch(content.size()), (pump) -> pump != null && number(pump, "bytes") >= MIB);
		// An operator cancels the transfer: the PATCH fails, the server keeps its bytes.
		this.client.delete()
			.uri("/actuator/pumps/{id}", first.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("cancelled");
		await().atMost(WAIT).until(() -> !"sending".equals(attribute(RETRIED_ITEM, "data-status")));
		assertThat(attribute(RETRIED_ITEM, "data-status")).isEqualTo("stored");
		long resumedAt = Long.parseLong(attribute(RETRIED_ITEM, "data-resumed-at"));
		assertThat(resumedAt).isGreaterThanOrEqualTo(MIB).isLessThan(content.size());
		List<Map<String, Object>> patches = recentPatches(content.size());
		assertThat(patches).extracting((pump) -> pump.get("outcome")).containsExactly("success", "cancelled");
		assertThat(number(patches.get(0), "resumedBytes")).isEqualTo(resumedAt);
		assertThat(number(patches.get(0), "resumedBytes") + number(patches.get(0), "bytes")).isEqualTo(content.size());
		assertThat(listed("uploads/retried.bin")).containsEntry("sha256", content.sha256());
	}

	private static Path write(Content content, String name) throws IOException {
		Path file = root.resolve(name);
		try (InputStream in = content.stream()) {
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
		}
		return file;
	}

	private void awaitLive() {
		await().atMost(WAIT).until(() -> "live".equals(attribute("#connection", "data-state")));
	}

	private Map<String, Object> livePatch(long uploadLength) {
		return patches("live", uploadLength).stream().findFirst().orElse(null);
	}

	// The PATCHes of the upload of that length, newest first.
	private List<Map<String, Object>> recentPatches(long uploadLength) {
		return patches("recent", uploadLength);
	}

	private List<Map<String, Object>> patches(String list, long uploadLength) {
		Map<String, List<Map<String, Object>>> pumps = PumpsEndpoint.read(this.client);
		return pumps.get(list)
			.stream()
			.filter((pump) -> "tus-upload".equals(pump.get("name")) && number(pump, "expectedBytes") == uploadLength)
			.toList();
	}

	private Map<String, Object> listed(String key) {
		List<Map<String, Object>> objects = this.client.get()
			.uri("/files")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		return objects.stream().filter((object) -> key.equals(object.get("key"))).findFirst().orElseThrow();
	}

	private byte[] download(String key) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/files/" + key))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofByteArray()).body();
	}

	private static long number(Map<String, Object> map, String field) {
		return ((Number) map.get(field)).longValue();
	}

	private String attribute(String selector, String name) {
		Object value = this.driver.executeScript(
				"const element = document.querySelector(arguments[0]); return element && element.getAttribute(arguments[1]);",
				selector, name);
		return String.valueOf(value);
	}

}
