package dev.pump.demo.tus;

import java.nio.file.Path;
import java.time.Duration;

import dev.pump.demo.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stalls mid-PATCH without closing its connection:
 * {@code demo.read-timeout} closes it, the PATCH fails, the upload's lock is released and
 * the bytes received are kept, so another client resumes at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.read-timeout=1s" })
class TusStalledClientTests {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void stalledPatchReleasesTheUploadAfterTheReadTimeout() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(10, "stalled/upload.bin");
		try (RawHttp stalled = RawHttp.connect(this.port)) {
			stalled.send("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
					+ "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
					+ "Content-Length: 10\r\n\r\nabcd");
			await().atMost(Duration.ofSeconds(15))
				.until(() -> tus.patch(location, 4, "efghij".getBytes()).statusCode() == 204);
		}
		assertThat(tus.get("/files/stalled/upload.bin").body()).isEqualTo("abcdefghij");
	}

}
