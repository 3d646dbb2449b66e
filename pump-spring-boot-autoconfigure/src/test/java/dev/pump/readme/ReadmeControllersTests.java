package dev.pump.readme;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's controllers work as it says, over a real server: {@link FileController} on
 * files, {@link S3ObjectController} on a real S3 API server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.netty.leak-detection=paranoid")
class ReadmeControllersTests {

	private static final Path ROOT = temporaryDirectory();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void filesRoot(DynamicPropertyRegistry registry) {
		registry.add("files.root", ROOT::toString);
	}

	@Test
	void fileIsUploadedAndDownloadedByteForByte() throws Exception {
		byte[] content = random(3 * 1024 * 1024 + 17);
		assertThat(send(put("/files/report.bin", content)).statusCode()).isEqualTo(200);
		assertThat(Files.readAllBytes(ROOT.resolve("report.bin"))).isEqualTo(content);
		HttpResponse<byte[]> download = send(HttpRequest.newBuilder(uri("/files/report.bin")).build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
		assertThat(download.body()).isEqualTo(content);
	}

	@Test
	void missingFileIsNotFound() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/files/missing.bin")).build()).statusCode()).isEqualTo(404);
	}

	@Test
	void nameThatLeavesTheRootIsRefused() throws Exception {
		assertThat(send(put("/files/..", new byte[1])).statusCode()).isEqualTo(400);
	}

	@Test
	void objectIsUploadedToS3AndDownloadedByteForByte() throws Exception {
		byte[] content = random(6 * 1024 * 1024 + 5);
		assertThat(send(put("/objects/report.pdf", content)).statusCode()).isEqualTo(200);
		HttpResponse<byte[]> download = send(HttpRequest.newBuilder(uri("/objects/report.pdf")).build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(content);
	}

	// The JDK's client: no Netty buffers on the client side, so a leak report is the
	// server's.
	private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpRequest put(String path, byte[] content) {
		return HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(content))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("readme-files");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
