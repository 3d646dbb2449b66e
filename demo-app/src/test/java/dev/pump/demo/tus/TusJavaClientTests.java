package dev.pump.demo.tus;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.pump.demo.Content;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Interoperability with the official Java client, {@code io.tus.java.client} 0.5.1 (it
 * sends PATCH as a POST with {@code X-HTTP-Method-Override}), against the running
 * service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=16MB" })
class TusJavaClientTests {

	private static final int KIB = 1024;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	private final TusURLMemoryStore urls = new TusURLMemoryStore();

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@Test
	void chunkedUploadIsPublishedWithItsSha256() throws Exception {
		Content content = new Content(11, 1024 * KIB + 7);
		TusUploader uploader = client().createUpload(upload(content, "java/chunked.bin"));
		uploader.setChunkSize(16 * KIB);
		uploader.setRequestPayloadSize(256 * KIB);
		uploadAll(uploader);
		uploader.finish();
		assertThat(uploader.getOffset()).isEqualTo(content.size());
		assertThat(etag("/files/java/chunked.bin")).isEqualTo("\"" + content.sha256() + "\"");
	}

	@Test
	void interruptedUploadResumesFromTheServersOffset() throws Exception {
		Content content = new Content(12, 600 * KIB);
		TusUploader first = client().resumeOrCreateUpload(upload(content, "java/resumed.bin"));
		first.setChunkSize(16 * KIB);
		first.setRequestPayloadSize(64 * KIB);
		while (first.getOffset() < 200 * KIB) {
			first.uploadChunk();
		}
		first.finish();
		long interruptedAt = new TusHttp(this.port).offset(first.getUploadURL().getPath());
		assertThat(interruptedAt).isEqualTo(first.getOffset()).isPositive();
		TusUploader second = client().resumeOrCreateUpload(upload(content, "java/resumed.bin"));
		assertThat(second.getUploadURL()).isEqualTo(first.getUploadURL());
		assertThat(second.getOffset()).isEqualTo(interruptedAt);
		second.setChunkSize(16 * KIB);
		uploadAll(second);
		second.finish();
		assertThat(etag("/files/java/resumed.bin")).isEqualTo("\"" + content.sha256() + "\"");
	}

	@Test
	void terminatedUploadIsGoneAndTheClientStartsANewOne() throws Exception {
		Content content = new Content(13, 100 * KIB);
		TusUploader first = client().resumeOrCreateUpload(upload(content, "java/terminated.bin"));
		first.setChunkSize(16 * KIB);
		first.uploadChunk();
		first.finish();
		TusHttp http = new TusHttp(this.port);
		String location = first.getUploadURL().getPath();
		assertThat(http.send(http.request(location).DELETE()).statusCode()).isEqualTo(204);
		assertThat(http.head(location).statusCode()).isEqualTo(404);
		TusUploader second = client().resumeOrCreateUpload(upload(content, "java/terminated.bin"));
		assertThat(second.getUploadURL()).isNotEqualTo(first.getUploadURL());
		assertThat(second.getOffset()).isZero();
	}

	@Test
	void checksumMismatchIsRefusedAndTheChunkDiscarded() throws Exception {
		Content content = new Content(14, 10 * KIB);
		TusClient client = client();
		client.setHeaders(Map.of("Upload-Checksum", "sha1 AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
		TusUploader uploader = client.createUpload(upload(content, "java/checksum.bin"));
		// The client reads the PATCH's response once its body is sent: at the end here.
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> {
			uploadAll(uploader);
			uploader.finish();
		}).satisfies((ex) -> assertThat(ex.getCausingConnection().getResponseCode()).isEqualTo(460));
		assertThat(new TusHttp(this.port).offset(uploader.getUploadURL().getPath())).isZero();
	}

	private TusClient client() throws Exception {
		TusClient client = new TusClient();
		client.setUploadCreationURL(new URL("http://127.0.0.1:" + this.port + "/uploads/"));
		client.enableResuming(this.urls);
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

	private static void uploadAll(TusUploader uploader) throws Exception {
		while (uploader.uploadChunk() > -1) {
			// Each call sends one chunk; PATCH requests end at the payload size.
		}
	}

	private String etag(String path) throws Exception {
		HttpResponse<String> get = new TusHttp(this.port).get(path);
		assertThat(get.statusCode()).isEqualTo(200);
		return get.headers().firstValue("ETag").orElseThrow();
	}

}
