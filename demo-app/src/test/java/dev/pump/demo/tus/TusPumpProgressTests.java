package dev.pump.demo.tus;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pump.demo.PumpsEndpoint;
import dev.pump.demo.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pump of a PATCH in the {@code pumps} endpoint: its own bytes, and the bytes of the
 * upload before it as {@code resumedBytes}, so that a dashboard shows the upload's
 * progress against {@code Upload-Length} across its PATCHes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
class TusPumpProgressTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void secondPatchShowsTheBytesBeforeItAsResumedBytesWhileItRuns() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(10, "progress/upload.bin");
		assertThat(tus.patch(location, 0, "abcd".getBytes()).statusCode()).isEqualTo(204);
		try (RawHttp slow = RawHttp.connect(this.port)) {
			// A body sent in two parts: the pump is live, with 2 of its 6 bytes, until
			// the
			// rest comes.
			slow.send("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
					+ "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 4\r\n"
					+ "Content-Length: 6\r\n\r\nef");
			Map<String, Object> live = await().atMost(WAIT)
				.until(this::liveTusPump, (pump) -> pump != null && number(pump, "bytes") == 2);
			assertThat(number(live, "resumedBytes")).isEqualTo(4);
			assertThat(number(live, "expectedBytes")).isEqualTo(10);
			slow.send("ghij");
			assertThat(slow.readStatus()).isEqualTo(204);
		}
		assertThat(tus.get("/files/progress/upload.bin").body()).isEqualTo("abcdefghij");
		List<Map<String, Object>> recent = tusPumps("recent").stream()
			.filter((pump) -> number(pump, "expectedBytes") == 10)
			.toList();
		assertThat(recent).hasSize(2);
		// Newest first: the second PATCH, then the first, which resumed nothing.
		assertThat(recent.get(0)).containsEntry("outcome", "success");
		assertThat(number(recent.get(0), "resumedBytes")).isEqualTo(4);
		assertThat(number(recent.get(0), "bytes")).isEqualTo(6);
		assertThat(number(recent.get(1), "resumedBytes")).isZero();
		assertThat(number(recent.get(1), "bytes")).isEqualTo(4);
	}

	@Test
	void terminationDuringAPatchIsLockedUntilThePatchHasEnded() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		// 12 bytes: the other test picks its pumps by their expected 10.
		String location = tus.createLocation(12, "progress/terminated.bin");
		try (RawHttp slow = RawHttp.connect(this.port)) {
			slow.send("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
					+ "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
					+ "Content-Length: 6\r\n\r\nab");
			await().atMost(WAIT).until(this::liveTusPump, (pump) -> pump != null && number(pump, "bytes") == 2);
			HttpResponse<String> locked = tus.send(tus.request(location).DELETE());
			assertThat(locked.statusCode()).isEqualTo(423);
			assertThat(locked.body()).contains("Upload locked");
			slow.send("cdef");
			assertThat(slow.readStatus()).isEqualTo(204);
		}
		assertThat(tus.send(tus.request(location).DELETE()).statusCode()).isEqualTo(204);
		assertThat(tus.head(location).statusCode()).isIn(404, 410);
	}

	private Map<String, Object> liveTusPump() {
		return tusPumps("live").stream().findFirst().orElse(null);
	}

	private List<Map<String, Object>> tusPumps(String list) {
		Map<String, List<Map<String, Object>>> pumps = PumpsEndpoint.read(this.client);
		return pumps.get(list).stream().filter((pump) -> "tus-upload".equals(pump.get("name"))).toList();
	}

	private static long number(Map<String, Object> pump, String field) {
		return ((Number) pump.get(field)).longValue();
	}

}
