package dev.pump.demo.tus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A bare tus client over the JDK's HttpClient, for protocol tests that need to send what
 * a real client never would.
 */
final class TusHttp {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	TusHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	static String metadata(String name, String value) {
		return name + " " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Tus-Resumable", "1.0.0");
	}

	HttpResponse<String> create(long length, String metadata) throws IOException, InterruptedException {
		return send(request("/uploads/").header("Upload-Length", Long.toString(length))
			.header("Upload-Metadata", metadata)
			.POST(BodyPublishers.noBody()));
	}

	String createLocation(long length, String key) throws IOException, InterruptedException {
		HttpResponse<String> created = create(length, metadata("key", key));
		if (created.statusCode() != 201) {
			throw new IllegalStateException("Not created: " + created.statusCode() + " " + created.body());
		}
		return created.headers().firstValue("Location").orElseThrow();
	}

	HttpResponse<String> patch(String location, long offset, byte[] chunk) throws IOException, InterruptedException {
		return patch(location, offset, BodyPublishers.ofByteArray(chunk));
	}

	HttpResponse<String> patch(String location, long offset, BodyPublisher chunk)
			throws IOException, InterruptedException {
		return send(patchRequest(location, offset).method("PATCH", chunk));
	}

	HttpRequest.Builder patchRequest(String location, long offset) {
		return request(location).header("Content-Type", "application/offset+octet-stream")
			.header("Upload-Offset", Long.toString(offset));
	}

	HttpResponse<String> head(String location) throws IOException, InterruptedException {
		return send(request(location).method("HEAD", BodyPublishers.noBody()));
	}

	long offset(String location) throws IOException, InterruptedException {
		return Long.parseLong(head(location).headers().firstValue("Upload-Offset").orElseThrow());
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30)).GET());
	}

	HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
				BodyHandlers.ofByteArray());
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
