package dev.pump.benchmarks.servers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's minimal pump server over real HTTP: what it stores and serves are the
 * bytes sent, so its figures measure a correct transfer.
 */
class PumpMinimalServerTests {

	@TempDir
	Path directory;

	private DisposableServer server;

	private final HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void start() throws Exception {
		// A small write queue, so that the upload pauses and resumes its source many
		// times.
		this.server = PumpMinimalServer.start(0, this.directory, 16 * 1024);
	}

	@AfterEach
	void stop() {
		this.server.disposeNow();
	}

	@Test
	void storesTheBodyOfAPutAndServesItBack() throws Exception {
		byte[] body = new byte[3 * 1024 * 1024 + 17];
		new Random(42).nextBytes(body);
		HttpResponse<String> put = this.client.send(
				HttpRequest.newBuilder(uri("/files/object")).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(Files.readAllBytes(this.directory.resolve("object"))).isEqualTo(body);
		HttpResponse<byte[]> get = this.client.send(HttpRequest.newBuilder(uri("/files/object")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(body.length);
		assertThat(get.body()).isEqualTo(body);
	}

	@Test
	void uniqueUploadsOfOneKeyGoToFilesOfTheirOwn() throws Exception {
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> put = this.client.send(HttpRequest.newBuilder(uri("/files/same?unique=true"))
				.PUT(HttpRequest.BodyPublishers.ofString("upload " + i))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(put.statusCode()).isEqualTo(201);
		}
		assertThat(Files.readString(this.directory.resolve("same.1"))).isEqualTo("upload 0");
		assertThat(Files.readString(this.directory.resolve("same.2"))).isEqualTo("upload 1");
	}

	@Test
	void answers404ForAMissingFile() throws Exception {
		HttpResponse<String> get = this.client.send(HttpRequest.newBuilder(uri("/files/missing")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isEqualTo(404);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

}
