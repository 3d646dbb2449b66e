package dev.pump.demo.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with security on, on random ports of 127.0.0.1 (the management port too),
 * checking tokens with the public key of {@link TestTokens} and the audience
 * {@value TestTokens#AUDIENCE}, and at most one upload at a time. Every test class that
 * extends it shares one running service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0", "management.server.address=127.0.0.1",
				"demo.security.enabled=true", "demo.security.presign-secret=" + SecuredService.SECRET,
				"demo.max-upload-size=16MB", "demo.max-concurrent-uploads=1",
				"demo.cors.allowed-origins=https://app.example.com",
				"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE })
abstract class SecuredService {

	static final String SECRET = "a test secret of more than 32 bytes, not for production";

	static final String ALL_SCOPES = "files.read files.write files.delete";

	/**
	 * The service's directory: one for the JVM, not a {@code @TempDir}, which JUnit would
	 * delete after the first test class while the cached service still uses it.
	 */
	static final Path root = temporaryDirectory();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.resolve("storage").toString());
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("pump-secured-service");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	HttpRequest.Builder request(String pathAndQuery, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
			.timeout(Duration.ofSeconds(30));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	HttpResponse<String> send(String method, String pathAndQuery, @Nullable String token, BodyPublisher body)
			throws IOException, InterruptedException {
		return this.http.send(request(pathAndQuery, token).method(method, body).build(), BodyHandlers.ofString());
	}

	HttpResponse<String> get(String pathAndQuery, @Nullable String token) throws IOException, InterruptedException {
		return send("GET", pathAndQuery, token, BodyPublishers.noBody());
	}

	HttpResponse<String> put(String pathAndQuery, @Nullable String token, String body)
			throws IOException, InterruptedException {
		return send("PUT", pathAndQuery, token, BodyPublishers.ofString(body));
	}

	HttpResponse<String> delete(String pathAndQuery, @Nullable String token) throws IOException, InterruptedException {
		return send("DELETE", pathAndQuery, token, BodyPublishers.noBody());
	}

	HttpResponse<String> management(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.timeout(Duration.ofSeconds(30))
			.build(), BodyHandlers.ofString());
	}

}
