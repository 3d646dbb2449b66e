package dev.pump.demo.tus;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiration of resumable uploads, with a short {@code demo.uploads.expire-after}: an
 * expired upload answers 410, and the clean-up deletes its partial data and state.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.uploads.expire-after=1s", "demo.uploads.cleanup-interval=1h" })
class TusExpiryTests {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	TusUploads uploads;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void expiredUploadIsGone() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(10, "expiry/gone.bin");
		await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(10)).until(() -> true);
		HttpResponse<String> patch = tus.patch(location, 0, new byte[] { 1 });
		assertThat(patch.statusCode()).isEqualTo(410);
		assertThat(patch.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(tus.head(location).statusCode()).isEqualTo(404);
	}

	@Test
	void cleanupDeletesExpiredPartialFilesAndState() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(10, "expiry/cleaned.bin");
		tus.patch(location, 0, new byte[] { 1, 2 });
		String id = location.substring("/uploads/".length());
		Path directory = root.resolve("storage/~tus");
		assertThat(directory.resolve(id + ".bin")).exists();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.uploads.deleteExpired().block(Duration.ofSeconds(5)) > 0
					&& !Files.exists(directory.resolve(id + ".bin")));
		assertThat(directory.resolve(id + ".properties")).doesNotExist();
	}

	@Test
	void cleanupDeletesOldDataFilesWithoutState() throws Exception {
		Path directory = root.resolve("storage/~tus");
		Path orphan = Files.write(directory.resolve("0123456789abcdef0123456789abcdef.bin"), new byte[] { 1 });
		Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
		Path recent = Files.write(directory.resolve("fedcba9876543210fedcba9876543210.bin"), new byte[] { 2 });
		Files.setLastModifiedTime(recent, FileTime.from(Instant.now().plus(Duration.ofMinutes(1))));
		this.uploads.deleteExpired().block(Duration.ofSeconds(5));
		assertThat(orphan).doesNotExist();
		assertThat(recent).exists();
	}

}
