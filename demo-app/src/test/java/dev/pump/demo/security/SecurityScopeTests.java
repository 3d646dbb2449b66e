package dev.pump.demo.security;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.pump.demo.RawHttp;
import dev.pump.registry.PumpRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a valid token may do: the scope of each method, and the keys of its
 * {@code key_prefix}, which no path trick escapes.
 */
class SecurityScopeTests extends SecuredService {

	@Autowired
	PumpRegistry pumps;

	private final String alice = TestTokens.token("alice", ALL_SCOPES, "alice/");

	private final String admin = TestTokens.token("admin", ALL_SCOPES);

	@Test
	void writeScopeStoresAndReadScopeReads() throws Exception {
		assertThat(put("/files/scopes/a.txt", TestTokens.token("writer", "files.write"), "hello").statusCode())
			.isEqualTo(201);
		HttpResponse<String> get = get("/files/scopes/a.txt", TestTokens.token("reader", "files.read"));
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isEqualTo("hello");
	}

	@Test
	void readScopeCannotWrite() throws Exception {
		HttpResponse<String> put = put("/files/scopes/read-only.txt", TestTokens.token("reader", "files.read"), "x");
		assertThat(put.statusCode()).isEqualTo(403);
		assertThat(put.body()).contains("The credential lacks the scope files.write");
		assertThat(get("/files/scopes/read-only.txt", this.admin).statusCode()).isEqualTo(404);
	}

	@Test
	void writeScopeCannotDelete() throws Exception {
		put("/files/scopes/kept.txt", this.admin, "kept");
		HttpResponse<String> delete = delete("/files/scopes/kept.txt", TestTokens.token("writer", "files.write"));
		assertThat(delete.statusCode()).isEqualTo(403);
		assertThat(delete.body()).contains("The credential lacks the scope files.delete");
		assertThat(get("/files/scopes/kept.txt", this.admin).statusCode()).isEqualTo(200);
	}

	@Test
	void deleteScopeDeletes() throws Exception {
		put("/files/scopes/deleted.txt", this.admin, "gone");
		assertThat(delete("/files/scopes/deleted.txt", TestTokens.token("janitor", "files.delete")).statusCode())
			.isEqualTo(204);
		assertThat(get("/files/scopes/deleted.txt", this.admin).statusCode()).isEqualTo(404);
	}

	@Test
	void listingShowsOnlyTheKeysUnderThePrefix() throws Exception {
		put("/files/alice/listed.txt", this.alice, "a");
		put("/files/bob/hidden.txt", this.admin, "b");
		put("/files/alice2/hidden.txt", this.admin, "c");
		HttpResponse<String> list = get("/files", this.alice);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("\"key\":\"alice/listed.txt\"").doesNotContain("bob/", "alice2/");
		assertThat(get("/files", this.admin).body()).contains("bob/hidden.txt", "alice2/hidden.txt");
	}

	@Test
	void keysOutsideThePrefixAreForbidden() throws Exception {
		put("/files/bob/secret.txt", this.admin, "secret");
		HttpResponse<String> get = get("/files/bob/secret.txt", this.alice);
		assertThat(get.statusCode()).isEqualTo(403);
		assertThat(get.body()).contains("The credential does not grant access to this key").doesNotContain("secret\"");
		assertThat(put("/files/bob/secret.txt", this.alice, "overwritten").statusCode()).isEqualTo(403);
		assertThat(delete("/files/bob/secret.txt", this.alice).statusCode()).isEqualTo(403);
		assertThat(get("/files/bob/secret.txt", this.admin).body()).isEqualTo("secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/files/alice/../bob/escaped", "/files/alice/%2e%2e/bob/escaped",
			"/files/alice/%2E%2E/bob/escaped", "/files/alice%2F..%2Fbob%2Fescaped", "/files/alice/..%2Fbob/escaped",
			"/files/alice/%2e%2e%2fbob/escaped", "/files/alice/.%2e/bob/escaped", "/files/alice//../bob/escaped",
			"/files/alice/..%5cbob/escaped", "/files/alice/%252e%252e/bob/escaped" })
	void pathTricksNeverLeaveThePrefix(String path) throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.alice
					+ "\r\nContent-Length: 4\r\n\r\nevil");
			assertThat(raw.readStatus()).isEqualTo(400);
		}
		assertThat(get("/files/bob/escaped", this.admin).statusCode()).isEqualTo(404);
		try (Stream<Path> files = Files.walk(root)) {
			assertThat(files.filter(Files::isRegularFile).map(Path::toString)).noneMatch((f) -> f.contains("escaped"));
		}
	}

	@Test
	void rejectedPathIsAProblem() throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("GET /files/alice/%2e%2e/bob/x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.alice
					+ "\r\n\r\n");
			assertThat(raw.readHead()).startsWith("HTTP/1.1 400").contains("application/problem+json");
		}
	}

	@Test
	void multipartPartOutsideThePrefixIsForbidden() throws Exception {
		String boundary = "scope-test-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"alice/ok.txt\""
				+ "\r\n\r\nmine\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bob/multipart.txt\"\r\n\r\ntheirs\r\n--"
				+ boundary + "--\r\n";
		HttpResponse<String> post = this.http
			.send(request("/files", this.alice).header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(get("/files/bob/multipart.txt", this.admin).statusCode()).isEqualTo(404);
		assertThat(get("/files/alice/ok.txt", this.admin).body()).isEqualTo("mine");
	}

	@Test
	void keyPrefixClaimThatIsNotAStringGrantsNoKey() throws Exception {
		put("/files/alice/odd.txt", this.alice, "odd");
		String odd = TestTokens.withClaim("odd", ALL_SCOPES, "key_prefix", List.of("alice/"));
		assertThat(get("/files/alice/odd.txt", odd).statusCode()).isEqualTo(403);
		assertThat(get("/files", odd).body()).isEqualTo("[]");
	}

	@Test
	void refusedUploadReadsNoBodyTakesNoSlotAndStartsNoPump() throws Exception {
		long uploadsBefore = uploadPumps();
		try (RawHttp raw = RawHttp.connect(this.port)) {
			// One GiB announced, not a byte sent: the answer must not wait for the body,
			// and the server closes the connection rather than read the body to its end.
			raw.send("PUT /files/alice/huge.bin HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1073741824\r\n\r\n");
			assertThat(raw.readHead()).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
			assertThat(drain(raw)).isTrue();
		}
		assertThat(this.pumps.live()).isEmpty();
		assertThat(uploadPumps()).isEqualTo(uploadsBefore);
		// demo.max-concurrent-uploads=1: the only slot is free for the next upload.
		assertThat(put("/files/alice/after.txt", this.alice, "next").statusCode()).isEqualTo(201);
		assertThat(uploadPumps()).isEqualTo(uploadsBefore + 1);
	}

	@Test
	void refusedUploadOfAValidTokenOutsideItsPrefixReadsNoBody() throws Exception {
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/bob/huge.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.alice
					+ "\r\nContent-Length: 1073741824\r\n\r\n");
			assertThat(raw.readHead()).startsWith("HTTP/1.1 403").containsIgnoringCase("connection: close");
			assertThat(drain(raw)).isTrue();
		}
	}

	private static boolean drain(RawHttp raw) throws Exception {
		InputStream in = raw.input();
		byte[] buffer = new byte[8192];
		while (in.read(buffer) >= 0) {
			// The problem detail, then the end of the stream: the server closed it.
		}
		return true;
	}

	private long uploadPumps() {
		return this.pumps.recent().stream().filter((pump) -> pump.name().equals("upload")).count()
				+ this.pumps.live().size();
	}

}
