package dev.pump.demo.security;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /presigned-urls} and the URLs it issues: one method on one key, without a
 * token, until they expire, and nothing else.
 */
class PresignedUrlTests extends SecuredService {

	private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

	private final String alice = TestTokens.token("alice", ALL_SCOPES, "alice/");

	@Test
	void presignedPutStoresWithoutAToken() throws Exception {
		String url = presign(this.alice, "PUT", "alice/presigned.txt", "PT5M");
		assertThat(url).startsWith("http://127.0.0.1:" + this.port + "/files/alice/presigned.txt?");
		assertThat(send("PUT", pathOf(url), null, BodyPublishers.ofString("via url")).statusCode()).isEqualTo(201);
		assertThat(get("/files/alice/presigned.txt", this.alice).body()).isEqualTo("via url");
	}

	@Test
	void presignedGetReadsWithoutAToken() throws Exception {
		put("/files/alice/shared.txt", this.alice, "shared");
		HttpResponse<String> get = get(pathOf(presign(this.alice, "GET", "alice/shared.txt", "PT5M")), null);
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isEqualTo("shared");
	}

	@Test
	void presignedDeleteDeletesWithoutAToken() throws Exception {
		put("/files/alice/doomed.txt", this.alice, "doomed");
		assertThat(delete(pathOf(presign(this.alice, "DELETE", "alice/doomed.txt", "PT5M")), null).statusCode())
			.isEqualTo(204);
		assertThat(get("/files/alice/doomed.txt", this.alice).statusCode()).isEqualTo(404);
	}

	@Test
	void presignedUrlForAnotherMethodIsForbidden() throws Exception {
		put("/files/alice/read-only.txt", this.alice, "keep");
		String get = pathOf(presign(this.alice, "GET", "alice/read-only.txt", "PT5M"));
		HttpResponse<String> put = put(get, null, "overwritten");
		assertThat(put.statusCode()).isEqualTo(403);
		assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(delete(get, null).statusCode()).isEqualTo(403);
		assertThat(get("/files/alice/read-only.txt", this.alice).body()).isEqualTo("keep");
	}

	@Test
	void presignedUrlForAnotherKeyIsForbidden() throws Exception {
		String url = pathOf(presign(this.alice, "PUT", "alice/one.txt", "PT5M"));
		assertThat(put(url.replace("alice/one.txt", "alice/two.txt"), null, "x").statusCode()).isEqualTo(403);
		assertThat(get("/files/alice/two.txt", this.alice).statusCode()).isEqualTo(404);
	}

	@Test
	void tamperedSignatureIsForbidden() throws Exception {
		String url = pathOf(presign(this.alice, "PUT", "alice/tampered.txt", "PT5M"));
		int at = url.indexOf("X-Pump-Signature=") + "X-Pump-Signature=".length();
		String tampered = url.substring(0, at) + ((url.charAt(at) == 'A') ? 'B' : 'A') + url.substring(at + 1);
		assertThat(put(tampered, null, "x").statusCode()).isEqualTo(403);
	}

	@Test
	void laterExpiryIsForbidden() throws Exception {
		String url = pathOf(presign(this.alice, "PUT", "alice/later.txt", "PT5M"));
		String expires = url.replaceAll(".*X-Pump-Expires=(\\d+).*", "$1");
		String later = url.replace("X-Pump-Expires=" + expires, "X-Pump-Expires=" + (Long.parseLong(expires) + 3600));
		assertThat(put(later, null, "x").statusCode()).isEqualTo(403);
	}

	@Test
	void anotherSubjectIsForbidden() throws Exception {
		String url = pathOf(presign(this.alice, "PUT", "alice/subject.txt", "PT5M"));
		assertThat(put(url.replace("X-Pump-Subject=alice", "X-Pump-Subject=bob"), null, "x").statusCode())
			.isEqualTo(403);
	}

	@Test
	void presignedUrlReplayedAfterExpiryIsForbidden() throws Exception {
		put("/files/alice/brief.txt", this.alice, "brief");
		String url = pathOf(presign(this.alice, "GET", "alice/brief.txt", "PT1S"));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> get(url, null).statusCode() == 403);
		assertThat(get(url, null).body()).contains("The presigned URL has expired");
	}

	@Test
	void lifetimeOverTheMaximumIsABadRequest() throws Exception {
		HttpResponse<String> response = presignResponse(this.alice, "PUT", "alice/long.txt", "PT1H1S");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("expiresIn must be positive and at most PT1H");
	}

	@Test
	void invalidRequestsAreBadRequests() throws Exception {
		assertThat(presignResponse(this.alice, "PATCH", "alice/x", "PT1M").statusCode()).isEqualTo(400);
		assertThat(presignResponse(this.alice, "PUT", "alice/../x", "PT1M").statusCode()).isEqualTo(400);
		assertThat(presignResponse(this.alice, "PUT", "alice/x", "five minutes").statusCode()).isEqualTo(400);
		assertThat(presignResponse(this.alice, "PUT", "alice/x", "-PT1M").statusCode()).isEqualTo(400);
	}

	@Test
	void presigningNeedsTheScopeOfTheMethod() throws Exception {
		String reader = TestTokens.token("reader", "files.read");
		assertThat(presignResponse(reader, "PUT", "alice/x", "PT1M").statusCode()).isEqualTo(403);
		assertThat(presignResponse(reader, "GET", "alice/x", "PT1M").statusCode()).isEqualTo(201);
	}

	@Test
	void presigningNeedsTheKeyInThePrefix() throws Exception {
		HttpResponse<String> response = presignResponse(this.alice, "GET", "bob/x", "PT1M");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("does not grant access to this key");
	}

	@Test
	void presigningNeedsAToken() throws Exception {
		assertThat(presignResponse(null, "GET", "alice/x", "PT1M").statusCode()).isEqualTo(401);
		String url = pathOf(presign(this.alice, "GET", "alice/x", "PT1M"));
		String query = url.substring(url.indexOf('?'));
		HttpResponse<String> withUrl = this.http
			.send(request("/presigned-urls" + query, null).header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"method\":\"GET\",\"key\":\"alice/y\",\"expiresIn\":\"PT1M\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(withUrl.statusCode()).isEqualTo(403);
	}

	String presign(String token, String method, String key, String expiresIn) throws Exception {
		HttpResponse<String> response = presignResponse(token, method, key, expiresIn);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Matcher url = URL.matcher(response.body());
		assertThat(url.find()).isTrue();
		return url.group(1);
	}

	private HttpResponse<String> presignResponse(@Nullable String token, String method, String key, String expiresIn)
			throws Exception {
		String body = "{\"method\":\"" + method + "\",\"key\":\"" + key + "\",\"expiresIn\":\"" + expiresIn + "\"}";
		return this.http.send(request("/presigned-urls", token).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String pathOf(String url) {
		URI uri = URI.create(url);
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}

}
