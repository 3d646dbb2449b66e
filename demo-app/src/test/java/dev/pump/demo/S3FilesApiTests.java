package dev.pump.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.s3.S3ServiceProperties;
import dev.pump.demo.storage.s3.S3Storage;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every test of {@link FilesApiTests}, over the S3 storage in a bucket of s3proxy instead
 * of the filesystem, plus what only S3 does: multipart uploads.
 */
@ExtendWith(S3ProxyExtension.class)
class S3FilesApiTests extends FilesApiTests {

	private static final String BUCKET = "files-api";

	private static final int MIB = 1024 * 1024;

	private static S3AsyncClient s3;

	@Autowired
	Storage storage;

	@Autowired
	MeterRegistry registry;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@DynamicPropertySource
	static void s3Storage(DynamicPropertyRegistry registry) {
		S3ServiceProperties.register(registry, S3Proxy.shared(), BUCKET);
	}

	@BeforeAll
	static void createClient() {
		s3 = S3Proxy.shared().client();
	}

	@AfterAll
	static void closeClient() {
		s3.close();
	}

	@Test
	void storageIsS3() {
		assertThat(this.storage).isInstanceOf(S3Storage.class);
	}

	@Test
	void uploadOfSeveralPartsIsDownloadedWholeAndInRanges() throws Exception {
		Content content = new Content(31, 12 * MIB + 7);
		HttpResponse<String> put = this.http.send(
				request("/files/parts/large.bin").PUT(BodyPublishers.ofInputStream(content::stream)).build(),
				BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(put.body()).contains(content.sha256());
		HttpResponse<InputStream> get = this.http.send(request("/files/parts/large.bin").build(),
				BodyHandlers.ofInputStream());
		assertThat(get.headers().firstValue("ETag")).hasValue("\"" + content.sha256() + "\"");
		assertThat(Content.sha256(get.body())).isEqualTo(content.sha256());
		long boundary = 5L * MIB;
		HttpResponse<byte[]> range = this.http
			.send(request("/files/parts/large.bin").header("Range", "bytes=" + (boundary - 3) + "-" + (boundary + 2))
				.build(), BodyHandlers.ofByteArray());
		assertThat(range.statusCode()).isEqualTo(206);
		byte[] all = content.bytes();
		assertThat(range.body()).containsExactly(all[(int) boundary - 3], all[(int) boundary - 2],
				all[(int) boundary - 1], all[(int) boundary], all[(int) boundary + 1], all[(int) boundary + 2]);
		assertThat(temporaryFiles()).isZero();
	}

	@Test
	@Override
	void clientThatDisconnectsMidUploadLeavesNothingAndFailsThePump() throws Exception {
		double failuresBefore = uploadFailures();
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/abandoned HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + 16 * MIB + "\r\n\r\n");
			// Socket buffers hold megabytes: send until a part is on its way (the
			// multipart
			// upload exists), never the whole body.
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendUpTo(raw, 15 * MIB));
			await().atMost(Duration.ofSeconds(20)).until(() -> temporaryFiles() == 1);
			raw.reset();
			sending.handle((ignored, failure) -> null).get();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> uploadFailures() > failuresBefore);
		await().atMost(Duration.ofSeconds(20)).until(() -> temporaryFiles() == 0);
		assertNothingStored("abandoned");
	}

	private static void sendUpTo(RawHttp raw, long total) {
		byte[] chunk = new Content(1, 256 * 1024).bytes();
		try {
			for (long sent = 0; sent < total; sent += chunk.length) {
				raw.send(chunk);
			}
		}
		catch (IOException ex) {
			// Reset by the test: expected.
		}
	}

	/**
	 * Nothing under the key, and soon no multipart upload left unfinished: an upload is
	 * aborted once its parts in flight have settled, which may be after the response.
	 */
	@Override
	void assertNothingStored(String key) {
		await().atMost(Duration.ofSeconds(20)).until(() -> temporaryFiles() == 0);
		assertThat(s3.listObjectsV2((list) -> list.bucket(BUCKET)).join().contents()).extracting(S3Object::key)
			.doesNotContain(key);
	}

	/**
	 * Return the multipart uploads in progress, the S3 storage's temporary files.
	 */
	@Override
	long temporaryFiles() {
		return s3.listMultipartUploads((list) -> list.bucket(BUCKET)).join().uploads().size();
	}

	private double uploadFailures() {
		return Search.in(this.registry)
			.name("pump.transfers")
			.tag("pump.name", "upload")
			.tag("outcome", "failure")
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
	}

}
