package dev.pump.demo.dashboard;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pump.demo.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard with security on, in a real headless Chromium: served on the management
 * port, it uploads a dropped file through a presigned URL on the service's port, across
 * origins (CORS), without the browser ever holding a token.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.address=127.0.0.1", "demo.security.enabled=true",
				"demo.security.presign-secret=a browser test secret of 32 bytes or more",
				"logging.level.org.openqa.selenium=ERROR" })
@DisabledIfSystemProperty(named = "pump.browser-tests", matches = "false")
class SecuredDashboardBrowserTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MANAGEMENT_PORT = freePort();

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	private HeadlessChromium chromium;

	private ChromeDriver driver;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
		// The dashboard's origin: its uploads go to the service's port.
		registry.add("demo.cors.allowed-origins", () -> "http://127.0.0.1:" + MANAGEMENT_PORT);
	}

	@BeforeEach
	void openDashboard() throws IOException {
		this.chromium = HeadlessChromium.start();
		this.driver = this.chromium.driver();
		this.driver.get("http://127.0.0.1:" + MANAGEMENT_PORT + "/");
		await().atMost(WAIT).until(() -> "live".equals(attribute("#connection", "data-state")));
	}

	@AfterEach
	void closeBrowser() throws IOException {
		this.chromium.close();
	}

	@Test
	void droppedFileIsUploadedThroughAPresignedUrl() throws Exception {
		this.driver.executeScript(
				"""
						const file = new File([new Uint8Array(100000).fill(9)], 'secured.bin');
						const transfer = new DataTransfer();
						transfer.items.add(file);
						const zone = document.getElementById('drop-zone');
						zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));""");
		await().atMost(WAIT)
			.until(() -> !"sending".equals(attribute("#uploads li[data-key='uploads/secured.bin']", "data-status")));
		this.chromium.screenshot("secured-dashboard-upload");
		assertThat(attribute("#uploads li[data-key='uploads/secured.bin']", "data-status")).isEqualTo("stored");
		byte[] expected = new byte[100000];
		Arrays.fill(expected, (byte) 9);
		assertThat(download("uploads/secured.bin")).isEqualTo(expected);
	}

	private byte[] download(String key) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/files/" + key))
			.header("Authorization", "Bearer " + TestTokens.token("checker", "files.read"))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofByteArray()).body();
	}

	private String attribute(String selector, String name) {
		Object value = this.driver.executeScript(
				"const element = document.querySelector(arguments[0]); return element && element.getAttribute(arguments[1]);",
				selector, name);
		return String.valueOf(value);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
