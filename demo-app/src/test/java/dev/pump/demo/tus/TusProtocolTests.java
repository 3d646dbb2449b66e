package dev.pump.demo.tus;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pump.demo.Content;
import dev.pump.demo.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tus 1.0 endpoint against the running service on a random port, over real HTTP, with
 * the filesystem storage in a temporary directory.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.max-upload-size=16MB" })
class TusProtocolTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
	}

	private TusHttp tus() {
		return new TusHttp(this.port);
	}

	@Test
	void optionsAdvertisesVersionExtensionsMaxSizeAndChecksums() throws Exception {
		HttpResponse<String> options = tus()
			.send(tus().request("/uploads/").method("OPTIONS", BodyPublishers.noBody()));
		assertThat(options.statusCode()).isEqualTo(204);
		assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		assertThat(options.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
		assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(16 * 1024 * 1024));
		assertThat(options.headers().firstValue("Tus-Checksum-Algorithm")).hasValue("sha1,sha256");
		assertThat(options.headers().firstValue("Tus-Extension").orElseThrow()).contains("creation",
				"creation-with-upload", "creation-defer-length", "termination", "checksum", "expiration");
	}

	@Test
	void chunksArePublishedUnderTheKeyWithTheirSha256OnlyAtTheLastByte() throws Exception {
		TusHttp tus = tus();
		Content content = new Content(1, 3 * 1024 * 1024 + 5);
		byte[] bytes = content.bytes();
		String location = tus.createLocation(bytes.length, "tus/chunks.bin");
		assertThat(location).startsWith("/uploads/");
		int half = bytes.length / 2;
		HttpResponse<String> first = tus.patch(location, 0, Arrays.copyOfRange(bytes, 0, half));
		assertThat(first.statusCode()).isEqualTo(204);
		assertThat(first.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(half));
		assertThat(first.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
		assertThat(first.headers().firstValue("Upload-Expires")).isPresent();
		assertThat(tus.get("/files/tus/chunks.bin").statusCode()).isEqualTo(404);
		assertThat(tus.get("/files").body()).doesNotContain("chunks.bin");
		HttpResponse<String> last = tus.patch(location, half, Arrays.copyOfRange(bytes, half, bytes.length));
		assertThat(last.statusCode()).isEqualTo(204);
		assertThat(last.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(bytes.length));
		HttpResponse<String> get = tus.get("/files/tus/chunks.bin");
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValue("ETag")).hasValue("\"" + content.sha256() + "\"");
		assertThat(tus.get("/files").body()).contains("\"sha256\":\"" + content.sha256() + "\"");
	}

	@Test
	void headGivesOffsetLengthAndNoStore() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(10, "tus/head.bin");
		tus.patch(location, 0, new byte[] { 1, 2, 3 });
		HttpResponse<String> head = tus.head(location);
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Upload-Offset")).hasValue("3");
		assertThat(head.headers().firstValue("Upload-Length")).hasValue("10");
		assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(head.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
	}

	@Test
	void creationWithUploadStoresTheFirstChunk() throws Exception {
		TusHttp tus = tus();
		HttpResponse<String> created = tus.send(tus.request("/uploads/")
			.header("Upload-Length", "6")
			.header("Upload-Metadata", TusHttp.metadata("filename", "with-upload.txt"))
			.header("Content-Type", "application/offset+octet-stream")
			.POST(BodyPublishers.ofString("abc")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue("3");
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(tus.patch(location, 3, "def".getBytes()).statusCode()).isEqualTo(204);
		assertThat(tus.get("/files/with-upload.txt").body()).isEqualTo("abcdef");
	}

	@Test
	void deferredLengthIsDeclaredByALaterPatch() throws Exception {
		TusHttp tus = tus();
		HttpResponse<String> created = tus.send(tus.request("/uploads/")
			.header("Upload-Defer-Length", "1")
			.header("Upload-Metadata", TusHttp.metadata("key", "tus/deferred.txt"))
			.POST(BodyPublishers.noBody()));
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		tus.patch(location, 0, "12".getBytes());
		assertThat(tus.head(location).headers().firstValue("Upload-Defer-Length")).hasValue("1");
		HttpResponse<String> last = tus.send(tus.patchRequest(location, 2)
			.header("Upload-Length", "4")
			.method("PATCH", BodyPublishers.ofString("34")));
		assertThat(last.statusCode()).isEqualTo(204);
		assertThat(tus.get("/files/tus/deferred.txt").body()).isEqualTo("1234");
	}

	@Test
	void deferredLengthDeclaredAtTheOffsetPublishesTheUpload() throws Exception {
		TusHttp tus = tus();
		HttpResponse<String> created = tus.send(tus.request("/uploads/")
			.header("Upload-Defer-Length", "1")
			.header("Upload-Metadata", TusHttp.metadata("key", "tus/deferred-end.txt"))
			.POST(BodyPublishers.noBody()));
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(tus.patch(location, 0, "123".getBytes()).statusCode()).isEqualTo(204);
		HttpResponse<String> last = tus
			.send(tus.patchRequest(location, 3).header("Upload-Length", "3").method("PATCH", BodyPublishers.noBody()));
		assertThat(last.statusCode()).isEqualTo(204);
		assertThat(last.headers().firstValue("Upload-Offset")).hasValue("3");
		assertThat(tus.get("/files/tus/deferred-end.txt").body()).isEqualTo("123");
	}

	@Test
	void lastChunkThatCannotBePublishedIsNotCountedAndCanBeSentAgain() throws Exception {
		TusHttp tus = tus();
		assertThat(tus.send(tus.request("/files/clash").PUT(BodyPublishers.ofString("object"))).statusCode())
			.isEqualTo(201);
		String location = tus.createLocation(3, "clash/inner.txt");
		HttpResponse<String> clash = tus.patch(location, 0, "abc".getBytes());
		assertThat(clash.statusCode()).isEqualTo(409);
		assertThat(tus.offset(location)).isZero();
		assertThat(tus.send(tus.request("/files/clash").DELETE()).statusCode()).isEqualTo(204);
		assertThat(tus.patch(location, 0, "abc".getBytes()).statusCode()).isEqualTo(204);
		assertThat(tus.get("/files/clash/inner.txt").body()).isEqualTo("abc");
		assertThat(tus.offset(location)).isEqualTo(3);
	}

	@Test
	void emptyUploadIsPublishedAtCreation() throws Exception {
		TusHttp tus = tus();
		tus.createLocation(0, "tus/empty.bin");
		HttpResponse<String> get = tus.get("/files/tus/empty.bin");
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isEmpty();
	}

	@Test
	void wrongOffsetIsAConflictWithAProblem() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(10, "tus/offset.bin");
		HttpResponse<String> patch = tus.patch(location, 4, new byte[] { 1 });
		assertThat(patch.statusCode()).isEqualTo(409);
		assertThat(patch.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(patch.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
		assertThat(tus.offset(location)).isZero();
	}

	@Test
	void wrongContentTypeIsUnsupported() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(10, "tus/type.bin");
		HttpResponse<String> patch = tus.send(tus.request(location)
			.header("Content-Type", "application/octet-stream")
			.header("Upload-Offset", "0")
			.method("PATCH", BodyPublishers.ofString("x")));
		assertThat(patch.statusCode()).isEqualTo(415);
		assertThat(tus.offset(location)).isZero();
	}

	@Test
	void missingOrUnknownTusResumableFailsThePrecondition() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(10, "tus/version.bin");
		HttpResponse<String> missing = tus
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + location))
				.method("HEAD", BodyPublishers.noBody()));
		assertThat(missing.statusCode()).isEqualTo(412);
		assertThat(missing.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		HttpResponse<String> unknown = tus.send(tus.request("/uploads/")
			.setHeader("Tus-Resumable", "0.2.2")
			.header("Upload-Length", "1")
			.header("Upload-Metadata", TusHttp.metadata("key", "v"))
			.POST(BodyPublishers.noBody()));
		assertThat(unknown.statusCode()).isEqualTo(412);
		assertThat(unknown.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		assertThat(unknown.body()).contains("\"status\":412");
	}

	@Test
	void chunkPastTheLengthIsTooLargeAndNotKept() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(4, "tus/past.bin");
		HttpResponse<String> patch = tus.patch(location, 0, new byte[] { 1, 2, 3, 4, 5 });
		assertThat(patch.statusCode()).isEqualTo(413);
		assertThat(tus.offset(location)).isZero();
		assertThat(tus.get("/files/tus/past.bin").statusCode()).isEqualTo(404);
	}

	@Test
	void chunkedBodyPastTheLengthIsTooLargeAndNothingPastTheLengthIsKept() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(4, "tus/past-chunked.bin");
		byte[] body = new byte[64 * 1024];
		HttpResponse<String> patch = tus.patch(location, 0,
				BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
		assertThat(patch.statusCode()).isEqualTo(413);
		assertThat(tus.offset(location)).isLessThanOrEqualTo(4);
	}

	@Test
	void uploadLargerThanTheMaximumIsRefusedAtCreation() throws Exception {
		HttpResponse<String> created = tus().create(17 * 1024 * 1024, TusHttp.metadata("key", "big"));
		assertThat(created.statusCode()).isEqualTo(413);
	}

	@Test
	void badKeyIsABadRequest() throws Exception {
		TusHttp tus = tus();
		assertThat(tus.create(1, TusHttp.metadata("key", "../escape")).statusCode()).isEqualTo(400);
		assertThat(tus.create(1, TusHttp.metadata("other", "x")).statusCode()).isEqualTo(400);
		assertThat(tus.create(1, "key not-base64!").statusCode()).isEqualTo(400);
	}

	@Test
	void unknownUploadIsNotFound() throws Exception {
		TusHttp tus = tus();
		assertThat(tus.head("/uploads/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
		assertThat(tus.patch("/uploads/..%2F..%2Fx", 0, new byte[] { 1 }).statusCode()).isEqualTo(404);
	}

	@Test
	void terminationDeletesTheUpload() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(10, "tus/terminated.bin");
		tus.patch(location, 0, new byte[] { 1, 2 });
		assertThat(tus.send(tus.request(location).DELETE()).statusCode()).isEqualTo(204);
		assertThat(tus.head(location).statusCode()).isEqualTo(404);
		try (var files = Files.list(root.resolve("storage/~tus"))) {
			assertThat(files.map(Path::getFileName).map(Path::toString))
				.noneMatch((name) -> location.endsWith(name.substring(0, name.indexOf('.'))));
		}
	}

	@Test
	void checksumMismatchDiscardsTheChunk() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(6, "tus/checksum.bin");
		HttpResponse<String> bad = tus.send(tus.patchRequest(location, 0)
			.header("Upload-Checksum", "sha1 " + digest("SHA-1", "xyz"))
			.method("PATCH", BodyPublishers.ofString("abc")));
		assertThat(bad.statusCode()).isEqualTo(460);
		assertThat(tus.offset(location)).isZero();
		HttpResponse<String> good = tus.send(tus.patchRequest(location, 0)
			.header("Upload-Checksum", "sha256 " + digest("SHA-256", "abc"))
			.method("PATCH", BodyPublishers.ofString("abc")));
		assertThat(good.statusCode()).isEqualTo(204);
		assertThat(tus.offset(location)).isEqualTo(3);
	}

	@Test
	void unsupportedChecksumAlgorithmIsABadRequest() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(6, "tus/md5.bin");
		HttpResponse<String> patch = tus.send(tus.patchRequest(location, 0)
			.header("Upload-Checksum", "md5 AAAA")
			.method("PATCH", BodyPublishers.ofString("a")));
		assertThat(patch.statusCode()).isEqualTo(400);
	}

	@Test
	void concurrentPatchIsAConflictAndNeverInterleaves() throws Exception {
		TusHttp tus = tus();
		String location = tus.createLocation(8, "tus/concurrent.bin");
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
			try {
				return tus.patch(location, 0, BodyPublishers.ofInputStream(() -> new HeldStream(release)));
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(TIMEOUT)
			.until(() -> tus.patch(location, 0, new byte[] { 9 }).statusCode() == 409 && tus.offset(location) == 0);
		release.countDown();
		assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
		assertThat(tus.offset(location)).isEqualTo(4);
	}

	@Test
	void disconnectMidPatchKeepsWhatReachedStorageAndTheUploadResumes() throws Exception {
		TusHttp tus = tus();
		Content content = new Content(2, 256 * 1024);
		byte[] bytes = content.bytes();
		String location = tus.createLocation(bytes.length, "tus/resumed.bin");
		int sent = 100 * 1024;
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
					+ "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: "
					+ bytes.length + "\r\n\r\n");
			raw.send(Arrays.copyOfRange(bytes, 0, sent));
			await().atMost(TIMEOUT).until(() -> Files.size(dataFile(location)) == sent);
			raw.reset();
		}
		// The lock is released and the offset saved once the interrupted PATCH is over.
		await().atMost(TIMEOUT).until(() -> tus.offset(location) == sent);
		HttpResponse<String> rest = tus.patch(location, sent, Arrays.copyOfRange(bytes, sent, bytes.length));
		assertThat(rest.statusCode()).isEqualTo(204);
		assertThat(tus.get("/files/tus/resumed.bin").headers().firstValue("ETag"))
			.hasValue("\"" + content.sha256() + "\"");
	}

	private static Path dataFile(String location) {
		return root.resolve("storage/~tus").resolve(location.substring("/uploads/".length()) + ".bin");
	}

	private static String digest(String algorithm, String text) throws Exception {
		return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(text.getBytes()));
	}

	/**
	 * Four bytes: the first two at once, the rest once released.
	 */
	private static final class HeldStream extends InputStream {

		private final CountDownLatch release;

		private int position;

		HeldStream(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public int read() throws IOException {
			if (this.position == 2) {
				try {
					if (!this.release.await(30, TimeUnit.SECONDS)) {
						throw new IOException("Never released");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}
			return (this.position < 4) ? this.position++ : -1;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			int b = read();
			if (b < 0) {
				return -1;
			}
			bytes[offset] = (byte) b;
			return 1;
		}

	}

}
