package dev.pump.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.pump.demo.storage.FileSystemStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The files API against the running service on a random port, over real HTTP, with the
 * filesystem storage in a temporary directory.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=16MB" })
@AutoConfigureWebTestClient
class FilesApiTests {

	private static final int MIB = 1024 * 1024;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 3 * MIB + 17 })
	void uploadIsDownloadedByteForByte(int size) throws Exception {
		Content content = new Content(size, size);
		String key = "sizes/object-" + size + ".bin";
		HttpResponse<String> put = put(key, BodyPublishers.ofByteArray(content.bytes()));
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(put.headers().firstValue("Location")).hasValue("/files/" + key);
		assertThat(put.body()).contains("\"key\":\"" + key + "\"", "\"size\":" + size,
				"\"sha256\":\"" + content.sha256() + "\"");
		HttpResponse<InputStream> get = get(key);
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValue("Content-Length")).hasValue(Integer.toString(size));
		assertThat(get.headers().firstValue("ETag")).hasValue("\"" + content.sha256() + "\"");
		assertThat(get.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(Content.sha256(get.body())).isEqualTo(content.sha256());
	}

	@Test
	void chunkedUploadIsStored() throws Exception {
		Content content = new Content(7, 2 * MIB + 3);
		HttpResponse<String> put = put("chunked.bin", BodyPublishers.ofInputStream(content::stream));
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(put.body()).contains(content.sha256());
		assertThat(Content.sha256(get("chunked.bin").body())).isEqualTo(content.sha256());
	}

	@Test
	void uploadReplacesTheObject() throws Exception {
		put("replaced", BodyPublishers.ofString("first"));
		put("replaced", BodyPublishers.ofString("second"));
		this.client.get().uri("/files/replaced").exchange().expectBody(String.class).isEqualTo("second");
	}

	@Test
	void headGivesTheHeadersWithoutTheBody() throws Exception {
		Content content = new Content(3, 1000);
		put("head.bin", BodyPublishers.ofByteArray(content.bytes()));
		HttpResponse<byte[]> head = this.http.send(
				request("/files/head.bin").method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Content-Length")).hasValue("1000");
		assertThat(head.headers().firstValue("ETag")).hasValue("\"" + content.sha256() + "\"");
		assertThat(head.body()).isEmpty();
	}

	@Test
	void singleRangeGivesPartialContent() throws Exception {
		put("range.txt", BodyPublishers.ofString("0123456789abcdef"));
		HttpResponse<String> range = this.http.send(request("/files/range.txt").header("Range", "bytes=10-13").build(),
				BodyHandlers.ofString());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 10-13/16");
		assertThat(range.headers().firstValue("Content-Length")).hasValue("4");
		assertThat(range.body()).isEqualTo("abcd");
	}

	@Test
	void rangeWithTheETagOfAReplacedObjectGivesTheWholeNewObject() throws Exception {
		put("resumed.txt", BodyPublishers.ofString("0123456789abcdef"));
		String oldEtag = this.http.send(request("/files/resumed.txt").build(), BodyHandlers.ofString())
			.headers()
			.firstValue("ETag")
			.orElseThrow();
		put("resumed.txt", BodyPublishers.ofString("ABCDEFGHIJKLMNOP"));
		HttpResponse<String> stale = this.http.send(
				request("/files/resumed.txt").header("Range", "bytes=10-13").header("If-Range", oldEtag).build(),
				BodyHandlers.ofString());
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.body()).isEqualTo("ABCDEFGHIJKLMNOP");
		String newEtag = stale.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> current = this.http.send(
				request("/files/resumed.txt").header("Range", "bytes=10-13").header("If-Range", newEtag).build(),
				BodyHandlers.ofString());
		assertThat(current.statusCode()).isEqualTo(206);
		assertThat(current.body()).isEqualTo("KLMN");
	}

	@Test
	void getWithIfMatchOfAReplacedObjectFailsItsPrecondition() throws Exception {
		put("matched.txt", BodyPublishers.ofString("first"));
		String oldEtag = this.http.send(request("/files/matched.txt").build(), BodyHandlers.ofString())
			.headers()
			.firstValue("ETag")
			.orElseThrow();
		put("matched.txt", BodyPublishers.ofString("second"));
		HttpResponse<String> stale = this.http.send(
				request("/files/matched.txt").header("Range", "bytes=0-1").header("If-Match", oldEtag).build(),
				BodyHandlers.ofString());
		assertThat(stale.statusCode()).isEqualTo(412);
	}

	@Test
	void suffixRangeGivesTheEnd() throws Exception {
		put("suffix.txt", BodyPublishers.ofString("0123456789"));
		HttpResponse<String> range = this.http.send(request("/files/suffix.txt").header("Range", "bytes=-3").build(),
				BodyHandlers.ofString());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo("789");
	}

	@Test
	void rangeOutsideTheObjectIsNotSatisfiable() throws Exception {
		put("short.txt", BodyPublishers.ofString("0123"));
		this.client.get()
			.uri("/files/short.txt")
			.header("Range", "bytes=10-20")
			.exchange()
			.expectStatus()
			.isEqualTo(416)
			.expectHeader()
			.valueEquals("Content-Range", "bytes */4")
			.expectBody()
			.returnResult();
	}

	@Test
	void matchingETagGivesNotModified() throws Exception {
		Content content = new Content(5, 10);
		put("etag.bin", BodyPublishers.ofByteArray(content.bytes()));
		this.client.get()
			.uri("/files/etag.bin")
			.header("If-None-Match", "\"" + content.sha256() + "\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectBody()
			.isEmpty();
	}

	@Test
	void listGivesKeySizeDigestAndLastModified() throws Exception {
		Content content = new Content(11, 42);
		put("listed/one.bin", BodyPublishers.ofByteArray(content.bytes()));
		this.client.get()
			.uri("/files")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.key == 'listed/one.bin')].size")
			.isEqualTo(42)
			.jsonPath("$[?(@.key == 'listed/one.bin')].sha256")
			.isEqualTo(content.sha256())
			.jsonPath("$[?(@.key == 'listed/one.bin')].lastModified")
			.exists();
	}

	@Test
	void deleteRemovesTheObject() throws Exception {
		put("deleted", BodyPublishers.ofString("bye"));
		this.client.delete().uri("/files/deleted").exchange().expectStatus().isNoContent().expectBody().isEmpty();
		this.client.get().uri("/files/deleted").exchange().expectStatus().isNotFound().expectBody().returnResult();
		this.client.delete().uri("/files/deleted").exchange().expectStatus().isNotFound().expectBody().returnResult();
	}

	@Test
	void unknownKeyIsAProblemDetail() {
		this.client.get()
			.uri("/files/nothing/here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.title")
			.isEqualTo("No such object")
			.jsonPath("$.instance")
			.isEqualTo("/files/nothing/here");
	}

	@Test
	void invalidKeyIsABadRequestWithoutStackTrace() throws Exception {
		HttpResponse<String> put = put("a//b", BodyPublishers.ofString("x"));
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(put.headers().firstValue("Content-Type")).hasValueSatisfying((
				type) -> assertThat(MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
					.isTrue());
		assertThat(put.body()).contains("\"title\":\"Invalid key\"")
			.doesNotContain("trace", "Exception", "at dev.", "at org.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/files/../escaped", "/files/%2e%2e/escaped", "/files/%2E%2E%2Fescaped",
			"/files/a/%2e%2e/%2e%2e/escaped", "/files/a%2F..%2F..%2Fescaped", "/files/..%2fescaped",
			"/files/..%5cescaped", "/files/a%00b", "/files/%00", "/files/./escaped", "/files//escaped",
			"/files/a/../../escaped", "/files/%252e%252e/escaped", "/files/a%zz", "/files/a%" })
	void hostileKeysNeverEscapeTheStorage(String path) throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\nevil");
			assertThat(raw.readStatus()).isEqualTo(400);
		}
		assertThat(root.resolve("escaped")).doesNotExist();
		assertThat(root.resolve("storage").resolve("escaped")).doesNotExist();
		try (Stream<Path> files = Files.walk(root)) {
			assertThat(files.filter(Files::isRegularFile).map(Path::toString))
				.noneMatch((file) -> file.contains("evil"))
				.noneMatch((file) -> file.endsWith("escaped"));
		}
	}

	@Test
	void overlongKeyIsABadRequest() throws Exception {
		HttpResponse<String> put = put("k".repeat(1025), BodyPublishers.ofString("x"));
		assertThat(put.statusCode()).isEqualTo(400);
	}

	@Test
	void uploadOverTheLimitByContentLengthIsRefusedAtOnce() throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/huge HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + 64 * MIB + "\r\n\r\n");
			String head = raw.readHead();
			assertThat(head).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
		}
		assertNothingStored("huge");
	}

	@Test
	void chunkedUploadOverTheLimitIsRefusedMidStream() throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/too-big HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendChunks(raw, 20 * MIB));
			assertThat(raw.readStatus()).isEqualTo(413);
			sending.handle((ignored, failure) -> null).get();
		}
		assertNothingStored("too-big");
	}

	@Test
	void clientThatDisconnectsMidUploadLeavesNothingAndFailsThePump() throws Exception {
		double failuresBefore = transfers("upload", "failure");
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/abandoned HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + 8 * MIB + "\r\n\r\n");
			raw.send(new Content(1, MIB).bytes());
			await().atMost(Duration.ofSeconds(10)).until(() -> temporaryFiles() == 1);
			raw.reset();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> transfers("upload", "failure") > failuresBefore);
		await().atMost(Duration.ofSeconds(10)).until(() -> temporaryFiles() == 0);
		assertNothingStored("abandoned");
		this.client.get().uri("/files").exchange().expectStatus().isOk().expectBody().returnResult();
	}

	@Test
	void clientThatDisconnectsMidMultipartUploadLeavesNothingAndFailsThePump() throws Exception {
		double failuresBefore = transfers("multipart-upload", "failure");
		byte[] partHead = ("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
				+ "filename=\"multi/abandoned.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("POST /files HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
					+ Multipart.BOUNDARY + "\r\nContent-Length: " + 16 * MIB + "\r\n\r\n");
			raw.send(partHead);
			// Until the upload is under way (an S3 upload exists once a part is full),
			// never the whole body.
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendRawUpTo(raw, 15 * MIB));
			await().atMost(Duration.ofSeconds(20)).until(() -> temporaryFiles() == 1);
			raw.reset();
			sending.handle((ignored, failure) -> null).get();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> transfers("multipart-upload", "failure") > failuresBefore);
		await().atMost(Duration.ofSeconds(10)).until(() -> temporaryFiles() == 0);
		assertNothingStored("multi/abandoned.bin");
	}

	@Test
	void downloadDuringAReplacementReadsTheWholeOldObject() throws Exception {
		Content before = new Content(41, 4 * MIB);
		Content after = new Content(42, 3 * MIB);
		put("swapped.bin", BodyPublishers.ofByteArray(before.bytes()));
		HttpResponse<InputStream> download = get("swapped.bin");
		byte[] start = download.body().readNBytes(MIB);
		assertThat(put("swapped.bin", BodyPublishers.ofByteArray(after.bytes())).statusCode()).isEqualTo(201);
		InputStream whole = new SequenceInputStream(new ByteArrayInputStream(start), download.body());
		assertThat(download.headers().firstValue("ETag")).hasValue("\"" + before.sha256() + "\"");
		assertThat(Content.sha256(whole)).isEqualTo(before.sha256());
		assertThat(Content.sha256(get("swapped.bin").body())).isEqualTo(after.sha256());
	}

	@Test
	void clientThatDisconnectsMidDownloadDoesNotHurtTheServer() throws Exception {
		put("interrupted.bin", BodyPublishers.ofByteArray(new Content(43, 8 * MIB).bytes()));
		double downloadsBefore = transfers("download", "success") + transfers("download", "failure")
				+ transfers("download", "cancelled");
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("GET /files/interrupted.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(raw.readHead()).startsWith("HTTP/1.1 200");
			raw.reset();
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> transfers("download", "failure") + transfers("download", "cancelled")
					+ transfers("download", "success") > downloadsBefore);
		assertThat(Content.sha256(get("interrupted.bin").body())).isEqualTo(new Content(43, 8 * MIB).sha256());
	}

	@Test
	void fiftyConcurrentUploadsAndDownloadsAreAllCorrect() throws Exception {
		List<Content> contents = new ArrayList<>();
		List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			Content content = new Content(100 + i, 64 * 1024 + i * 7919);
			contents.add(content);
			uploads
				.add(this.http.sendAsync(putRequest("concurrent/" + i, BodyPublishers.ofInputStream(content::stream)),
						BodyHandlers.ofString()));
		}
		for (int i = 0; i < 50; i++) {
			HttpResponse<String> put = uploads.get(i).get();
			assertThat(put.statusCode()).isEqualTo(201);
			assertThat(put.body()).contains(contents.get(i).sha256());
		}
		List<CompletableFuture<HttpResponse<InputStream>>> downloads = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			downloads.add(this.http.sendAsync(request("/files/concurrent/" + i).build(), BodyHandlers.ofInputStream()));
		}
		for (int i = 0; i < 50; i++) {
			HttpResponse<InputStream> get = downloads.get(i).get();
			assertThat(get.statusCode()).isEqualTo(200);
			assertThat(Content.sha256(get.body())).isEqualTo(contents.get(i).sha256());
		}
	}

	@Test
	void multipartFilesAreStoredUnderTheirNames() throws Exception {
		Content first = new Content(21, 300_000);
		Content second = new Content(22, 5);
		Multipart body = new Multipart().field("comment", "ignored")
			.file("multi/first.bin", first.bytes())
			.file("multi/second.bin", second.bytes());
		HttpResponse<String> post = this.http.send(body.request(uri("/files")), BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(201);
		assertThat(post.body()).startsWith("[")
			.contains("\"key\":\"multi/first.bin\"", "\"size\":300000", first.sha256(), "\"key\":\"multi/second.bin\"",
					second.sha256())
			.doesNotContain("comment");
		assertThat(Content.sha256(get("multi/first.bin").body())).isEqualTo(first.sha256());
		assertThat(Content.sha256(get("multi/second.bin").body())).isEqualTo(second.sha256());
	}

	@Test
	void chunkedMultipartOverTheLimitIsRefusedMidStream() throws Exception {
		Multipart body = new Multipart().file("multi/small.bin", new Content(31, 1000).bytes())
			.file("multi/too-big.bin", new Content(32, 17 * MIB).bytes());
		HttpResponse<String> post = this.http.send(body.chunkedRequest(uri("/files")), BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(413);
		assertThat(post.body()).contains("Upload too large");
		assertNothingStored("multi/too-big.bin");
	}

	@Test
	void multipartFileWithAnInvalidNameIsABadRequest() throws Exception {
		Multipart body = new Multipart().file("../escaped", new byte[] { 1, 2, 3 });
		HttpResponse<String> post = this.http.send(body.request(uri("/files")), BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(400);
		assertThat(post.body()).contains("Invalid key");
		assertThat(root.resolve("escaped")).doesNotExist();
	}

	@Test
	void postThatIsNotMultipartIsABadRequest() throws Exception {
		HttpResponse<String> post = this.http.send(
				request("/files").header("Content-Type", "text/plain").POST(BodyPublishers.ofString("x")).build(),
				BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(400);
		assertThat(post.body()).contains("Invalid multipart body");
	}

	@Test
	void malformedMultipartIsABadRequest() throws Exception {
		HttpResponse<String> post = this.http
			.send(request("/files").header("Content-Type", "multipart/form-data; boundary=xyz")
				.POST(BodyPublishers
					.ofString("--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"broken\"\r\n\r\nno end"))
				.build(), BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(400);
		assertNothingStored("broken");
	}

	@Test
	void successfulUploadsAreCountedByOutcome() throws Exception {
		double before = transfers("upload", "success");
		put("counted", BodyPublishers.ofString("count me"));
		await().atMost(Duration.ofSeconds(5)).until(() -> transfers("upload", "success") > before);
	}

	private double transfers(String name, String outcome) {
		return Search.in(this.meters)
			.name("pump.transfers")
			.tag("pump.name", name)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	// Overridden by S3FilesApiTests, which runs these tests over the S3 storage.
	void assertNothingStored(String key) throws IOException {
		assertThat(root.resolve("storage").resolve(key)).doesNotExist();
		assertThat(temporaryFiles()).isZero();
	}

	long temporaryFiles() throws IOException {
		try (Stream<Path> files = Files.list(root.resolve("storage").resolve(FileSystemStorage.TEMPORARY_DIRECTORY))) {
			return files.count();
		}
	}

	private static void sendRawUpTo(RawHttp raw, long total) {
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

	private static void sendChunks(RawHttp raw, long total) {
		byte[] chunk = new Content(9, 64 * 1024).bytes();
		try {
			for (long sent = 0; sent < total; sent += chunk.length) {
				raw.send(Integer.toHexString(chunk.length) + "\r\n");
				raw.send(chunk);
				raw.send("\r\n");
			}
			raw.send("0\r\n\r\n");
		}
		catch (IOException ex) {
			// The server closed the connection after refusing the rest: expected.
		}
	}

	private HttpResponse<String> put(String key, HttpRequest.BodyPublisher body) throws Exception {
		return this.http.send(putRequest(key, body), BodyHandlers.ofString());
	}

	private HttpRequest putRequest(String key, HttpRequest.BodyPublisher body) {
		return request("/files/" + key).PUT(body).build();
	}

	private HttpResponse<InputStream> get(String key) throws Exception {
		return this.http.send(request("/files/" + key).build(), BodyHandlers.ofInputStream());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * A multipart/form-data body built by hand, so that file names are sent as they are.
	 */
	static final class Multipart {

		private static final String BOUNDARY = "pump-test-boundary";

		private final List<byte[]> parts = new ArrayList<>();

		Multipart field(String name, String value) {
			return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n",
					value.getBytes(StandardCharsets.UTF_8));
		}

		Multipart file(String filename, byte[] content) {
			return part("Content-Disposition: form-data; name=\"file\"; filename=\"" + filename
					+ "\"\r\nContent-Type: application/octet-stream\r\n", content);
		}

		private Multipart part(String headers, byte[] content) {
			this.parts.add(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
			this.parts.add(content);
			this.parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
			return this;
		}

		HttpRequest request(URI uri) {
			return request(uri, BodyPublishers.ofByteArrays(close()));
		}

		HttpRequest chunkedRequest(URI uri) {
			List<byte[]> parts = close();
			return request(uri, BodyPublishers.ofInputStream(() -> new SequenceInputStream(
					Collections.enumeration(parts.stream().map(ByteArrayInputStream::new).toList()))));
		}

		private List<byte[]> close() {
			this.parts.add(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
			return this.parts;
		}

		private HttpRequest request(URI uri, HttpRequest.BodyPublisher body) {
			return HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
				.POST(body)
				.build();
		}

	}

}
