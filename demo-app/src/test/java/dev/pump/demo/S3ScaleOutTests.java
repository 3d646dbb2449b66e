package dev.pump.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import dev.pump.demo.storage.s3.S3ServiceProperties;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service on different ports sharing one bucket, as behind a load
 * balancer: whatever one stores, the other serves.
 */
@ExtendWith(S3ProxyExtension.class)
class S3ScaleOutTests {

	private static final String BUCKET = "scale-out";

	private static final int MIB = 1024 * 1024;

	@TempDir
	static Path unused;

	private static S3AsyncClient s3;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeAll
	static void startTwoInstances() {
		s3 = S3Proxy.shared().client();
		first = start("first");
		second = start("second");
	}

	private static ConfigurableApplicationContext start(String name) {
		// Command-line arguments: they win over application.properties.
		Stream<String> properties = Stream.concat(
				Stream.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
						"spring.jmx.enabled=false", "demo.storage.directory=" + unused.resolve(name)),
				Stream.of(S3ServiceProperties.of(S3Proxy.shared(), BUCKET)));
		return new SpringApplicationBuilder(DemoApplication.class)
			.run(properties.map((property) -> "--" + property).toArray(String[]::new));
	}

	@AfterAll
	static void stopInstances() {
		Stream.of(first, second).filter((context) -> context != null).forEach(ConfigurableApplicationContext::close);
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void objectUploadedThroughOneInstanceIsDownloadedThroughTheOther() throws Exception {
		Content content = new Content(41, 11 * MIB + 3);
		HttpResponse<String> put = this.http.send(
				request(first, "/files/shared/large.bin").PUT(BodyPublishers.ofInputStream(content::stream)).build(),
				BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(201);
		HttpResponse<InputStream> get = this.http.send(request(second, "/files/shared/large.bin").build(),
				BodyHandlers.ofInputStream());
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValue("ETag")).hasValue("\"" + content.sha256() + "\"");
		assertThat(Content.sha256(get.body())).isEqualTo(content.sha256());
	}

	@Test
	void deleteThroughOneInstanceIsSeenByTheOther() throws Exception {
		this.http.send(request(second, "/files/shared/deleted").PUT(BodyPublishers.ofString("bye")).build(),
				BodyHandlers.discarding());
		HttpResponse<Void> delete = this.http.send(request(first, "/files/shared/deleted").DELETE().build(),
				BodyHandlers.discarding());
		assertThat(delete.statusCode()).isEqualTo(204);
		assertThat(this.http.send(request(second, "/files/shared/deleted").build(), BodyHandlers.discarding())
			.statusCode()).isEqualTo(404);
	}

	@Test
	void concurrentUploadsThroughBothInstancesAreAllServedByBoth() throws Exception {
		List<Content> contents = new ArrayList<>();
		List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			Content content = new Content(500 + i, (i % 4 == 0) ? 6 * MIB + i : 100_000 + i * 7919);
			contents.add(content);
			HttpRequest put = request((i % 2 == 0) ? first : second, "/files/concurrent/" + i)
				.PUT(BodyPublishers.ofInputStream(content::stream))
				.build();
			uploads.add(this.http.sendAsync(put, BodyHandlers.ofString()));
		}
		for (int i = 0; i < 16; i++) {
			HttpResponse<String> put = uploads.get(i).get();
			assertThat(put.statusCode()).isEqualTo(201);
			assertThat(put.body()).contains(contents.get(i).sha256());
		}
		for (int i = 0; i < 16; i++) {
			HttpResponse<InputStream> get = this.http.send(
					request((i % 2 == 0) ? second : first, "/files/concurrent/" + i).build(),
					BodyHandlers.ofInputStream());
			assertThat(get.statusCode()).isEqualTo(200);
			assertThat(Content.sha256(get.body())).isEqualTo(contents.get(i).sha256());
		}
		assertThat(this.http.send(request(second, "/files").build(), BodyHandlers.ofString()).body())
			.contains(contents.stream().map(Content::sha256).toList());
	}

	@Test
	void clientAbortLeavesNoObjectAndNoUnfinishedMultipartUpload() throws Exception {
		try (RawHttp raw = RawHttp.connect(port(first))) {
			raw.send("PUT /files/shared/abandoned HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + 64 * MIB
					+ "\r\n\r\n");
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendUpTo(raw, 60 * MIB));
			await().atMost(Duration.ofSeconds(30)).until(() -> multipartUploads() > 0);
			raw.reset();
			sending.handle((ignored, failure) -> null).get();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> multipartUploads() == 0);
		assertThat(s3.listObjectsV2((list) -> list.bucket(BUCKET)).join().contents()).extracting(S3Object::key)
			.doesNotContain("shared/abandoned");
		assertThat(this.http.send(request(second, "/files/shared/abandoned").build(), BodyHandlers.discarding())
			.statusCode()).isEqualTo(404);
	}

	private static int multipartUploads() {
		return s3.listMultipartUploads((list) -> list.bucket(BUCKET)).join().uploads().size();
	}

	private static void sendUpTo(RawHttp raw, long total) {
		byte[] chunk = new Content(2, 256 * 1024).bytes();
		try {
			for (long sent = 0; sent < total; sent += chunk.length) {
				raw.send(chunk);
			}
		}
		catch (IOException ex) {
			// Reset by the test: expected.
		}
	}

	private HttpRequest.Builder request(ConfigurableApplicationContext instance, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + path))
			.timeout(Duration.ofSeconds(60));
	}

	private static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

}
