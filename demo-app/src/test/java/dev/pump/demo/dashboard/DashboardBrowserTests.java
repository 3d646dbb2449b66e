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
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pump.demo.Content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard page as a person uses it, in a real headless Chromium: upload a file
 * through the form to a throttled storage and watch its pump appear, pause under
 * backpressure, grow, and finish. Screenshots go to {@code target/screenshots}.
 *
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver}, which the build installs
 * (see {@code ensure-chromium.sh}); {@code -Dpump.browser-tests=false} opts out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.storage.throttle=2MB", "pump.write-queue-max-size=64KB",
				"logging.level.org.openqa.selenium=ERROR" })
@DisabledIfSystemProperty(named = "pump.browser-tests", matches = "false")
class DashboardBrowserTests {

	private static final int MIB = 1024 * 1024;

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

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
		this.driver.get(origin() + "/");
		await().atMost(WAIT).until(() -> "live".equals(attribute("#connection", "data-state")));
	}

	@AfterEach
	void closeBrowser() throws IOException {
		this.chromium.close();
	}

	@Test
	void pageLoadsOnlyWhatTheServiceServes() {
		assertThat(this.driver.getTitle()).contains("Pumps");
		Object resources = this.driver.executeScript("""
				return performance.getEntriesByType('resource').map((entry) => entry.name).join(' ');""");
		assertThat(String.valueOf(resources).split(" ")).allMatch((url) -> url.startsWith(origin() + "/"))
			.anyMatch((url) -> url.endsWith("/js/dashboard.js"))
			.anyMatch((url) -> url.endsWith("/dashboard.css"))
			.anyMatch((url) -> url.contains("/actuator/pumps"));
		assertThat(this.driver.findElement(By.cssSelector("[data-empty-for=live-pumps]")).isDisplayed()).isTrue();
	}

	@Test
	void uploadThroughTheFormShowsItsPumpPauseGrowAndFinish() throws Exception {
		Content content = new Content(6, 8 * MIB);
		Path file = root.resolve("dashboard-upload.bin");
		try (InputStream in = content.stream()) {
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
		}
		// One PUT, through the throttled storage: tus writes its partial file directly.
		this.driver.findElement(By.id("resumable")).click();
		this.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		LiveRow row = new LiveRow(this.driver, this.chromium, content.size());
		await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(row::sample);
		String id = row.id();
		await().atMost(WAIT)
			.until(() -> "success"
				.equals(attribute("#recent-pumps tr[data-pump-id='" + id + "'] .outcome", "data-outcome")));
		await().atMost(WAIT)
			.until(() -> "stored"
				.equals(attribute("#uploads li[data-key='uploads/dashboard-upload.bin']", "data-status")));
		row.screenshotIfMissing();
		this.chromium.screenshot("dashboard-finished");
		assertThat(text("#recent-pumps tr[data-pump-id='" + id + "'] .bytes")).isEqualTo("8.00 MiB");
		assertThat(download("uploads/dashboard-upload.bin")).isEqualTo(content.bytes());
	}

	@Test
	void droppingAFileOnTheFormUploadsIt() throws Exception {
		this.driver.executeScript(
				"""
						const file = new File([new Uint8Array(100000).fill(7)], 'dropped file.bin');
						const transfer = new DataTransfer();
						transfer.items.add(file);
						const zone = document.getElementById('drop-zone');
						zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
						zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));""");
		await().atMost(WAIT)
			.until(() -> "stored".equals(attribute("#uploads li[data-key='uploads/dropped_file.bin']", "data-status")));
		byte[] expected = new byte[100000];
		Arrays.fill(expected, (byte) 7);
		assertThat(download("uploads/dropped_file.bin")).isEqualTo(expected);
	}

	private String origin() {
		return "http://127.0.0.1:" + this.port;
	}

	private byte[] download(String key) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/files/" + key)).build();
		return http.send(request, BodyHandlers.ofByteArray()).body();
	}

	private String attribute(String selector, String name) {
		Object value = this.driver.executeScript(
				"const element = document.querySelector(arguments[0]); return element && element.getAttribute(arguments[1]);",
				selector, name);
		return String.valueOf(value);
	}

	private String text(String selector) {
		return this.driver.findElement(By.cssSelector(selector)).getText();
	}

}
