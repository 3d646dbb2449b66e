package dev.pump.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many multipart uploads refused half-way through a file part, at once: the limit fails
 * the part on the thread that writes the file while the parser goes on delivering on the
 * event loop. Every buffer of every body must still be released exactly once, which the
 * leak detection of the test run checks once the class has run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=2MB", "demo.max-concurrent-uploads=64" })
class MultipartLimitStressTests {

	private static final int MIB = 1024 * 1024;

	private static final int UPLOADS = 48;

	private static final int AT_ONCE = 6;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void multipartUploadsOverTheLimitAreAllRefused() throws Exception {
		byte[] small = new Content(51, 1000).bytes();
		byte[] big = new Content(52, 3 * MIB).bytes();
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/files");
		for (int round = 0; round < UPLOADS / AT_ONCE; round++) {
			List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
			for (int i = 0; i < AT_ONCE; i++) {
				FilesApiTests.Multipart body = new FilesApiTests.Multipart().file("stress/small-" + i + ".bin", small)
					.file("stress/big-" + i + ".bin", big);
				posts.add(this.http.sendAsync(body.chunkedRequest(uri), BodyHandlers.ofString()));
			}
			for (CompletableFuture<HttpResponse<String>> post : posts) {
				assertThat(post.get().statusCode()).isEqualTo(413);
			}
		}
	}

}
