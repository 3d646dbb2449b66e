package dev.pump.demo.security;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Browsers of the allowed origins may call the API (preflight without a token, the upload
 * headers exposed), and every write and delete leaves an audit line with its subject.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrossOriginAndAuditTests extends SecuredService {

	private static final String ORIGIN = "https://app.example.com";

	@Test
	void preflightOfAnAllowedOriginNeedsNoToken() throws Exception {
		HttpResponse<String> preflight = preflight(ORIGIN);
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).contains("PUT"));
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
				(headers) -> assertThat(headers.toLowerCase()).contains("authorization", "content-type"));
	}

	@Test
	void preflightOfAnotherOriginIsRefused() throws Exception {
		assertThat(preflight("https://evil.example.com").statusCode()).isEqualTo(403);
	}

	@Test
	void responsesExposeTheUploadHeaders() throws Exception {
		HttpResponse<String> put = this.http
			.send(request("/files/cors/a.txt", TestTokens.token("web", ALL_SCOPES)).header("Origin", ORIGIN)
				.PUT(BodyPublishers.ofString("cors"))
				.build(), BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(put.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		assertThat(put.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
				(exposed) -> assertThat(exposed).contains("Location", "ETag", "Upload-Offset", "WWW-Authenticate"));
	}

	@Test
	void writeIsAuditedWithTheSubject(CapturedOutput output) throws Exception {
		put("/files/audit/written.txt", TestTokens.token("carol", ALL_SCOPES), "audited");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("PUT /files/audit/written.txt 201 subject=carol via=token"));
	}

	@Test
	void deleteIsAuditedWithTheSubject(CapturedOutput output) throws Exception {
		put("/files/audit/deleted.txt", TestTokens.token("carol", ALL_SCOPES), "audited");
		delete("/files/audit/deleted.txt", TestTokens.token("dave", ALL_SCOPES));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("DELETE /files/audit/deleted.txt 204 subject=dave via=token"));
	}

	@Test
	void subjectCannotForgeAnAuditLine(CapturedOutput output) throws Exception {
		String forger = TestTokens.token("mallory\nPUT /files/audit/forged.txt 201 subject=admin", ALL_SCOPES);
		put("/files/audit/forger.txt", forger, "forged");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.contains("PUT /files/audit/forger.txt 201 subject=mallory\\u000aPUT\\u0020/files/audit/forged.txt"));
		assertThat(output.getOut()).doesNotContain("\nPUT /files/audit/forged.txt");
	}

	@Test
	void refusedWriteIsAudited(CapturedOutput output) throws Exception {
		put("/files/audit/refused.txt", TestTokens.token("erin", "files.read"), "no");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("PUT /files/audit/refused.txt 403 subject=erin via=token"));
	}

	@Test
	void presignedWriteIsAuditedWithTheSubjectWhoAskedForTheUrl(CapturedOutput output) throws Exception {
		String token = TestTokens.token("frank", ALL_SCOPES);
		HttpResponse<String> presigned = this.http
			.send(request("/presigned-urls", token).header("Content-Type", "application/json")
				.POST(BodyPublishers
					.ofString("{\"method\":\"PUT\",\"key\":\"audit/presigned.txt\",\"expiresIn\":\"PT1M\"}"))
				.build(), BodyHandlers.ofString());
		String url = presigned.body().replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
		String path = url.substring(url.indexOf("/files/"));
		assertThat(put(path, null, "via url").statusCode()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("PRESIGN PUT /files/audit/presigned.txt expiresIn=PT1M subject=frank")
					&& output.getOut().contains("PUT /files/audit/presigned.txt 201 subject=frank via=presigned-url"));
		assertThat(output.getOut()).doesNotContain("X-Pump-Signature=");
	}

	private HttpResponse<String> preflight(String origin) throws Exception {
		return this.http.send(request("/files/cors/a.txt", null).header("Origin", origin)
			.header("Access-Control-Request-Method", "PUT")
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
	}

}
