package dev.pump.demo.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With security on, the actuator and the dashboard are served on the management port
 * only, and the dashboard's upload form gets presigned URLs from it.
 */
class ManagementPortTests extends SecuredService {

	@Test
	void actuatorIsNotOnTheServicePort() throws Exception {
		String admin = TestTokens.token("admin", ALL_SCOPES);
		assertThat(get("/actuator/pumps", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/pumps", admin).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/health", admin).statusCode()).isEqualTo(403);
	}

	@Test
	void dashboardIsNotOnTheServicePort() throws Exception {
		String admin = TestTokens.token("admin", ALL_SCOPES);
		assertThat(get("/", null).statusCode()).isEqualTo(401);
		assertThat(get("/", admin).statusCode()).isEqualTo(403);
		assertThat(get("/js/upload.js", admin).statusCode()).isEqualTo(403);
	}

	@Test
	void actuatorIsOnTheManagementPort() throws Exception {
		HttpResponse<String> pumps = management("/actuator/pumps");
		assertThat(pumps.statusCode()).isEqualTo(200);
		assertThat(pumps.body()).contains("\"live\"");
		assertThat(management("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void dashboardIsOnTheManagementPort() throws Exception {
		HttpResponse<String> page = management("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<h1>Pumps</h1>");
		HttpResponse<String> script = management("/js/upload.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("javascript"));
	}

	@Test
	void filesApiIsNotOnTheManagementPort() throws Exception {
		put("/files/internal/secret.txt", TestTokens.token("admin", ALL_SCOPES), "secret");
		HttpResponse<String> list = management("/files");
		assertThat(list.statusCode()).isEqualTo(404);
		assertThat(list.body()).doesNotContain("secret.txt");
		assertThat(management("/files/internal/secret.txt").statusCode()).isEqualTo(404);
		HttpResponse<String> put = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/files/internal/secret.txt"))
			.PUT(BodyPublishers.ofString("overwritten"))
			.build(), BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(404);
		assertThat(management("/presigned-urls").statusCode()).isEqualTo(404);
	}

	@Test
	void dashboardUploadsThroughAPresignedUrl() throws Exception {
		HttpResponse<String> presigned = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/dashboard/presigned-urls"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"key\":\"uploads/from-dashboard.txt\"}"))
			.build(), BodyHandlers.ofString());
		assertThat(presigned.statusCode()).isEqualTo(201);
		Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(presigned.body());
		assertThat(url.find()).isTrue();
		assertThat(url.group(1)).startsWith("http://127.0.0.1:" + this.port + "/files/uploads/from-dashboard.txt?")
			.contains("X-Pump-Subject=dashboard");
		HttpResponse<String> put = this.http.send(
				HttpRequest.newBuilder(URI.create(url.group(1))).PUT(BodyPublishers.ofString("dropped")).build(),
				BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(get("/files/uploads/from-dashboard.txt", TestTokens.token("admin", ALL_SCOPES)).body())
			.isEqualTo("dropped");
	}

	@Test
	void dashboardPresignsOnlyValidKeys() throws Exception {
		HttpResponse<String> presigned = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/dashboard/presigned-urls"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"key\":\"../escaped\"}"))
			.build(), BodyHandlers.ofString());
		assertThat(presigned.statusCode()).isEqualTo(400);
		assertThat(presigned.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

}
