package dev.pump.demo.tus;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.pump.demo.Content;
import dev.pump.demo.storage.s3.S3ServiceProperties;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiration of resumable uploads on S3, with a short {@code demo.uploads.expire-after}:
 * an expired upload answers 410, and the clean-up leaves neither its multipart upload nor
 * its objects.
 */
@ExtendWith(S3ProxyExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.uploads.expire-after=2s", "demo.uploads.cleanup-interval=1h" })
class S3TusExpiryTests {

	private static final String BUCKET = "tus-expiry-" + UUID.randomUUID();

	private static S3AsyncClient client;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	TusUploads uploads;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
		S3ServiceProperties.register(registry, S3Proxy.shared(), BUCKET);
	}

	@BeforeAll
	static void createClient() {
		client = S3Proxy.shared().client();
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@Test
	void expiredUploadIsGoneAndLeavesNoMultipartUploadNorObjects() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		// Created with their first chunks: no lookup that could find them expired yet.
		String location = createWithUpload(tus, "s3expiry/gone.bin", new Content(41, 6 * 1024 * 1024));
		String abandoned = createWithUpload(tus, "s3expiry/abandoned.bin", new Content(42, 1024));
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> tus.head(location).statusCode() == 410);
		assertThat(tus.head(location).statusCode()).isEqualTo(404);
		// The other upload expires a moment later: the clean-up finds it then.
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.uploads.deleteExpired().block(Duration.ofSeconds(30)) == 1);
		assertThat(tus.head(abandoned).statusCode()).isEqualTo(404);
		assertThat(client.listMultipartUploads((list) -> list.bucket(BUCKET)).join().uploads()).isEmpty();
		assertThat(client.listObjectsV2((list) -> list.bucket(BUCKET).prefix(S3TusObjects.PREFIX)).join().contents())
			.isEmpty();
	}

	private static String createWithUpload(TusHttp tus, String key, Content content) throws Exception {
		HttpResponse<String> created = tus.send(tus.request("/uploads/")
			.header("Upload-Length", Long.toString(8 * 1024 * 1024))
			.header("Upload-Metadata", TusHttp.metadata("key", key))
			.header("Content-Type", "application/offset+octet-stream")
			.POST(BodyPublishers.ofByteArray(content.bytes())));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue(Long.toString(content.size()));
		return created.headers().firstValue("Location").orElseThrow();
	}

}
