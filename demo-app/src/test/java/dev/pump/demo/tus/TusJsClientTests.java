package dev.pump.demo.tus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pump.demo.Content;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with the official JavaScript client, {@code tus-js-client} 4.x under
 * Node, installed by the build from the npm registry ({@code ensure-tus-js.sh}) and
 * driven by {@code src/test/scripts/tus-client.cjs}. {@code -Dpump.tus-js-tests=false}
 * opts out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=16MB" })
@DisabledIfSystemProperty(named = "pump.tus-js-tests", matches = "false")
class TusJsClientTests {

	private static final int KIB = 1024;

	private static final Pattern URL = Pattern.compile("\"url\":\"http://127\\.0\\.0\\.1:\\d+(/uploads/[0-9a-f]+)\"");

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void chunkedUploadIsPublishedWithItsSha256() throws Exception {
		Content content = new Content(21, 700 * KIB + 3);
		String result = node("upload", content, "js/chunked.bin", 128 * KIB);
		assertThat(result).matches(".*\"url\":\"http://127\\.0\\.0\\.1:\\d+/uploads/[0-9a-f]{32}\".*");
		assertThat(etag("/files/js/chunked.bin")).isEqualTo("\"" + content.sha256() + "\"");
	}

	@Test
	void interruptedUploadResumesFromTheServersOffset() throws Exception {
		Content content = new Content(22, 500 * KIB);
		String result = node("interrupt", content, "js/resumed.bin", 100 * KIB);
		// The resumed upload sends only what follows the first chunk, at the same URL.
		assertThat(result).contains("\"resentBytes\":" + (400 * KIB)).doesNotContain("\"resumedUrl\":null");
		assertThat(result.replaceAll(".*\"url\":\"([^\"]+)\".*", "$1"))
			.isEqualTo(result.replaceAll(".*\"resumedUrl\":\"([^\"]+)\".*", "$1"));
		assertThat(etag("/files/js/resumed.bin")).isEqualTo("\"" + content.sha256() + "\"");
	}

	@Test
	void terminationDeletesTheUpload() throws Exception {
		Content content = new Content(23, 300 * KIB);
		String result = node("terminate", content, "js/terminated.bin", 100 * KIB);
		assertThat(result).contains("\"terminated\":true");
		Matcher url = URL.matcher(result);
		assertThat(url.find()).isTrue();
		assertThat(new TusHttp(this.port).head(url.group(1)).statusCode()).isEqualTo(404);
		assertThat(new TusHttp(this.port).get("/files/js/terminated.bin").statusCode()).isEqualTo(404);
	}

	@Test
	void checksumMismatchIsRefusedWith460() throws Exception {
		Content content = new Content(24, 10 * KIB);
		String result = node("checksum", content, "js/checksum.bin", 100 * KIB);
		assertThat(result).contains("\"status\":460");
		assertThat(new TusHttp(this.port).get("/files/js/checksum.bin").statusCode()).isEqualTo(404);
	}

	private String node(String mode, Content content, String key, int chunkSize) throws Exception {
		Path file = Files.write(root.resolve(mode + ".bin"), content.bytes());
		Path output = root.resolve(mode + ".out");
		ProcessBuilder builder = new ProcessBuilder("node", Path.of("src/test/scripts/tus-client.cjs").toString(), mode,
				"http://127.0.0.1:" + this.port + "/uploads/", file.toString(), key, Integer.toString(chunkSize))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("NODE_PATH", modules());
		return run(builder.start(), output);
	}

	private static String run(Process process, Path output) throws Exception {
		try {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
			String printed = Files.readString(output, StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(printed).isZero();
			return printed.strip();
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static String modules() {
		return System.getProperty("pump.tus-js.modules", "target/tus-js/node_modules");
	}

	private String etag(String path) throws IOException, InterruptedException {
		return new TusHttp(this.port).get(path).headers().firstValue("ETag").orElseThrow();
	}

}
