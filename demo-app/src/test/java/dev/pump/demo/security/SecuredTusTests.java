package dev.pump.demo.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resumable uploads with security on: {@code files.write} and the token's
 * {@code key_prefix} hold for the key named in {@code Upload-Metadata} and for every
 * request on an upload.
 */
class SecuredTusTests extends SecuredService {

	private final String alice = TestTokens.token("alice", ALL_SCOPES, "alice/");

	private final String bob = TestTokens.token("bob", ALL_SCOPES, "bob/");

	private final String reader = TestTokens.token("reader", "files.read");

	@Test
	void uploadInsideThePrefixIsCreatedAndCompleted() throws Exception {
		HttpResponse<String> created = create("alice/resumed.txt", 5, this.alice);
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> patched = this.http
			.send(tus(location, this.alice).header("Content-Type", "application/offset+octet-stream")
				.header("Upload-Offset", "0")
				.method("PATCH", HttpRequest.BodyPublishers.ofString("hello"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(patched.statusCode()).isEqualTo(204);
		assertThat(send("GET", "/files/alice/resumed.txt", this.alice, HttpRequest.BodyPublishers.noBody()).body())
			.isEqualTo("hello");
	}

	@Test
	void uploadOutsideThePrefixIsForbidden() throws Exception {
		HttpResponse<String> created = create("bob/not-alice.txt", 5, this.alice);
		assertThat(created.statusCode()).isEqualTo(403);
		assertThat(created.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void anotherPrefixCanNeitherSeeNorTouchAnUpload() throws Exception {
		String location = create("alice/private.txt", 5, this.alice).headers().firstValue("Location").orElseThrow();
		HttpResponse<String> head = this.http.send(
				tus(location, this.bob).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(head.statusCode()).isEqualTo(403);
		HttpResponse<String> patch = this.http
			.send(tus(location, this.bob).header("Content-Type", "application/offset+octet-stream")
				.header("Upload-Offset", "0")
				.method("PATCH", HttpRequest.BodyPublishers.ofString("bob's"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(patch.statusCode()).isEqualTo(403);
		HttpResponse<String> delete = this.http.send(tus(location, this.bob).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(delete.statusCode()).isEqualTo(403);
		HttpResponse<String> own = this.http.send(
				tus(location, this.alice).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(own.headers().firstValue("Upload-Offset")).hasValue("0");
	}

	@Test
	void readScopeCannotCreateAnUpload() throws Exception {
		assertThat(create("alice/x.txt", 1, this.reader).statusCode()).isEqualTo(403);
	}

	@Test
	void noTokenCannotCreateAnUpload() throws Exception {
		assertThat(create("alice/x.txt", 1, null).statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> create(String key, long length, @Nullable String token) throws Exception {
		String metadata = "key " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
		return this.http.send(request("/uploads/", token).header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", Long.toString(length))
			.header("Upload-Metadata", metadata)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder tus(String location, String token) {
		return request(location, token).header("Tus-Resumable", "1.0.0");
	}

}
