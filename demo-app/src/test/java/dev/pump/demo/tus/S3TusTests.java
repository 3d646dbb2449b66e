package dev.pump.demo.tus;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pump.demo.Content;
import dev.pump.demo.DemoApplication;
import dev.pump.demo.RawHttp;
import dev.pump.demo.storage.s3.S3ServiceProperties;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * tus uploads on the S3 storage, against s3proxy: parts of 5 MiB, the bytes of smaller
 * chunks waiting in the bucket, a second instance sharing the bucket, termination and the
 * clean-up of abandoned uploads.
 */
@ExtendWith(S3ProxyExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=64MB" })
class S3TusTests {

	private static final int MIB = 1024 * 1024;

	private static final String BUCKET = "tus-" + UUID.randomUUID();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static S3AsyncClient client;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	TusUploadStore store;

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
	void chunksSmallerAndLargerThanAPartArePublishedWithTheirSha256() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		Content content = new Content(31, 14 * MIB + 3);
		byte[] bytes = content.bytes();
		String location = tus.createLocation(bytes.length, "s3tus/chunks.bin");
		int[] ends = { MIB, 8 * MIB, 9 * MIB + 5, bytes.length };
		int offset = 0;
		for (int end : ends) {
			HttpResponse<String> patch = tus.patch(location, offset, Arrays.copyOfRange(bytes, offset, end));
			assertThat(patch.statusCode()).isEqualTo(204);
			assertThat(tus.offset(location)).isEqualTo(end);
			if (end < bytes.length) {
				assertThat(tus.get("/files/s3tus/chunks.bin").statusCode()).isEqualTo(404);
			}
			offset = end;
		}
		assertPublished(tus, "/files/s3tus/chunks.bin", content);
		assertThat(tusObjects()).containsExactly(S3TusObjects.infoKey(id(location)));
	}

	@Test
	void smallUploadIsPublishedLikeAPut() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(6, "s3tus/small.txt");
		assertThat(tus.patch(location, 0, "abc".getBytes()).statusCode()).isEqualTo(204);
		assertThat(tus.patch(location, 3, "def".getBytes()).statusCode()).isEqualTo(204);
		assertThat(tus.get("/files/s3tus/small.txt").body()).isEqualTo("abcdef");
		assertThat(client.headObject((head) -> head.bucket(BUCKET).key("s3tus/small.txt")).join().metadata())
			.containsKey("sha256");
	}

	@Test
	void uploadBegunOnOneInstanceIsResumedOnAnother() throws Exception {
		Content content = new Content(32, 11 * MIB + 17);
		TusURLMemoryStore urls = new TusURLMemoryStore();
		TusUploader first = client(this.port, urls).createUpload(upload(content, "s3tus/two-instances.bin"));
		first.setChunkSize(64 * 1024);
		first.setRequestPayloadSize(3 * MIB);
		while (first.getOffset() < 6 * MIB) {
			first.uploadChunk();
		}
		first.finish();
		String path = first.getUploadURL().getPath();
		try (ConfigurableApplicationContext second = startSecondInstance()) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			urls.set("s3tus/two-instances.bin", new URL("http://127.0.0.1:" + secondPort + path));
			TusUploader resumed = client(secondPort, urls)
				.resumeOrCreateUpload(upload(content, "s3tus/two-instances.bin"));
			assertThat(resumed.getOffset()).isEqualTo(first.getOffset());
			resumed.setChunkSize(64 * 1024);
			resumed.setRequestPayloadSize(4 * MIB);
			while (resumed.uploadChunk() > -1) {
				// One PATCH per payload.
			}
			resumed.finish();
			assertPublished(new TusHttp(secondPort), "/files/s3tus/two-instances.bin", content);
		}
		assertPublished(new TusHttp(this.port), "/files/s3tus/two-instances.bin", content);
	}

	@Test
	void interruptedPatchResumesFromTheServersOffset() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		Content content = new Content(33, 9 * MIB);
		byte[] bytes = content.bytes();
		String location = tus.createLocation(bytes.length, "s3tus/interrupted.bin");
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
					+ "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: "
					+ bytes.length + "\r\n\r\n");
			raw.send(Arrays.copyOfRange(bytes, 0, 7 * MIB));
			raw.reset();
		}
		await().atMost(TIMEOUT).until(() -> tus.offset(location) > 0);
		int offset = (int) tus.offset(location);
		assertThat(offset).isLessThanOrEqualTo(7 * MIB);
		HttpResponse<String> rest = tus.patch(location, offset, Arrays.copyOfRange(bytes, offset, bytes.length));
		assertThat(rest.statusCode()).isEqualTo(204);
		assertPublished(tus, "/files/s3tus/interrupted.bin", content);
	}

	@Test
	void checksumMismatchOfAChunkLargerThanAPartCommitsNothing() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		Content content = new Content(36, 7 * MIB);
		byte[] bytes = content.bytes();
		String location = tus.createLocation(bytes.length, "s3tus/checksum.bin");
		byte[] first = Arrays.copyOfRange(bytes, 0, 6 * MIB);
		HttpResponse<String> mismatch = tus.send(tus.patchRequest(location, 0)
			.header("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(new byte[32]))
			.method("PATCH", BodyPublishers.ofByteArray(first)));
		assertThat(mismatch.statusCode()).isEqualTo(460);
		assertThat(tus.offset(location)).isZero();
		HttpResponse<String> whole = tus.send(tus.patchRequest(location, 0)
			.header("Upload-Checksum",
					"sha256 " + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)))
			.method("PATCH", BodyPublishers.ofByteArray(bytes)));
		assertThat(whole.statusCode()).isEqualTo(204);
		assertPublished(tus, "/files/s3tus/checksum.bin", content);
	}

	@Test
	void secondCommitFromTheSameStateIsAConflictAndCommitsNothing() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(10, "s3tus/race.bin");
		dev.pump.demo.tus.TusUpload upload = this.store.load(id(location)).block(TIMEOUT);
		assertThat(upload).isNotNull();
		// Two PATCHes that started from the same state, as on two instances.
		TusChunk first = this.store.openChunk(upload, 3, null).block(TIMEOUT);
		TusChunk second = this.store.openChunk(upload, 3, null).block(TIMEOUT);
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		write(first, "abc");
		write(second, "xyz");
		assertThat(first.keep(false).block(TIMEOUT)).extracting(dev.pump.demo.tus.TusUpload::offset).isEqualTo(3L);
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> second.keep(false).block(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(409));
		assertThat(tus.offset(location)).isEqualTo(3);
		assertThat(tusObjects()).filteredOn((key) -> key.contains(id(location))).hasSize(2);
		assertThat(tus.patch(location, 3, "defghij".getBytes()).statusCode()).isEqualTo(204);
		assertThat(tus.get("/files/s3tus/race.bin").body()).isEqualTo("abcdefghij");
	}

	@Test
	void terminationLeavesNoMultipartUploadAndNoTusObjects() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(8 * MIB, "s3tus/terminated.bin");
		assertThat(tus.patch(location, 0, new Content(34, 6 * MIB).bytes()).statusCode()).isEqualTo(204);
		assertThat(tusObjects()).contains(S3TusObjects.infoKey(id(location)));
		assertThat(tus.send(tus.request(location).DELETE()).statusCode()).isEqualTo(204);
		assertThat(tus.head(location).statusCode()).isEqualTo(404);
		assertThat(tusObjects()).noneMatch((key) -> key.contains(id(location)));
		assertThat(multipartUploads()).doesNotContain("s3tus/terminated.bin");
	}

	@Test
	void cleanupOfExpiredUploadsLeavesNoMultipartUploadAndNoObjects() throws Exception {
		TusHttp tus = new TusHttp(this.port);
		String location = tus.createLocation(10 * MIB, "s3tus/abandoned.bin");
		assertThat(tus.patch(location, 0, new Content(35, 7 * MIB).bytes()).statusCode()).isEqualTo(204);
		client.createMultipartUpload((create) -> create.bucket(BUCKET).key("s3tus/orphan.bin")).join();
		assertThat(multipartUploads()).contains("s3tus/abandoned.bin", "s3tus/orphan.bin");
		Integer deleted = this.store.deleteExpired(Instant.now().plus(Duration.ofDays(2))).block(TIMEOUT);
		assertThat(deleted).isPositive();
		assertThat(multipartUploads()).isEmpty();
		assertThat(tusObjects()).noneMatch((key) -> key.contains(id(location)));
		assertThat(tus.head(location).statusCode()).isEqualTo(404);
	}

	private ConfigurableApplicationContext startSecondInstance() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--demo.max-upload-size=64MB", "--demo.storage.directory=" + root.resolve("second")));
		for (String property : S3ServiceProperties.of(S3Proxy.shared(), BUCKET)) {
			arguments.add("--" + property);
		}
		return new SpringApplicationBuilder(DemoApplication.class).run(arguments.toArray(String[]::new));
	}

	private static void write(TusChunk chunk, String text) {
		chunk.stream().write(DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8)));
		chunk.stream().end().join();
	}

	private static TusClient client(int port, TusURLMemoryStore urls) throws Exception {
		TusClient client = new TusClient();
		client.setUploadCreationURL(new URL("http://127.0.0.1:" + port + "/uploads/"));
		client.enableResuming(urls);
		return client;
	}

	private static TusUpload upload(Content content, String key) {
		TusUpload upload = new TusUpload();
		upload.setInputStream(new ByteArrayInputStream(content.bytes()));
		upload.setSize(content.size());
		upload.setFingerprint(key);
		upload.setMetadata(Map.of("key", key));
		return upload;
	}

	private static void assertPublished(TusHttp tus, String path, Content content) throws Exception {
		HttpResponse<byte[]> get = tus.getBytes(path);
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValue("ETag")).hasValue("\"" + content.sha256() + "\"");
		assertThat(Content.sha256(new ByteArrayInputStream(get.body()))).isEqualTo(content.sha256());
	}

	private static String id(String location) {
		return location.substring("/uploads/".length());
	}

	private static List<String> tusObjects() {
		return client.listObjectsV2((list) -> list.bucket(BUCKET).prefix(S3TusObjects.PREFIX))
			.join()
			.contents()
			.stream()
			.map((object) -> object.key())
			.toList();
	}

	private static List<String> multipartUploads() {
		return client.listMultipartUploads((list) -> list.bucket(BUCKET))
			.join()
			.uploads()
			.stream()
			.map((upload) -> upload.key())
			.toList();
	}

}
