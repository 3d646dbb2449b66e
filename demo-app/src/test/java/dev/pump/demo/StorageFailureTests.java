package dev.pump.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pump.demo.config.DemoProperties;
import dev.pump.demo.storage.FileSystemStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A storage that fills up in the middle of an upload: the client gets 507, the rest of
 * the body is not read, and nothing is left behind.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class StorageFailureTests {

	private static final int MIB = 1024 * 1024;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	FailingStorage storage;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("demo.storage.directory", () -> root.toString());
	}

	@Test
	void fullStorageMidUploadGivesInsufficientStorageAndStopsReading() throws Exception {
		long bodySize = 256L * MIB;
		try (RawHttp raw = RawHttp.connect(this.port)) {
			raw.send("PUT /files/filled HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + bodySize + "\r\n\r\n");
			CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> send(raw, bodySize));
			String head = raw.readHead();
			assertThat(head).startsWith("HTTP/1.1 507").contains("application/problem+json");
			// The server stopped reading and closed the connection: the client could not
			// send the whole body.
			assertThat(sent.get()).isLessThan(bodySize);
		}
		assertThat(this.storage.failures()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> failedUploads() >= 1);
		assertThat(root.resolve("filled")).doesNotExist();
		try (Stream<Path> files = Files.list(root.resolve(FileSystemStorage.TEMPORARY_DIRECTORY))) {
			assertThat(files).isEmpty();
		}
	}

	private double failedUploads() {
		return Search.in(this.meters)
			.name("pump.transfers")
			.tag("pump.name", "upload")
			.tag("outcome", "failure")
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	private static long send(RawHttp raw, long size) {
		byte[] chunk = new Content(3, 64 * 1024).bytes();
		long sent = 0;
		try {
			OutputStream out = raw.output();
			while (sent < size) {
				out.write(chunk);
				sent += chunk.length;
			}
			out.flush();
		}
		catch (IOException ex) {
			// The server closed the connection.
		}
		return sent;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingStorageConfiguration {

		@Bean
		@Primary
		FailingStorage failingStorage(DemoProperties properties) throws IOException {
			FileSystemStorage storage = new FileSystemStorage(properties.getStorage().getDirectory(),
					DefaultDataBufferFactory.sharedInstance);
			return new FailingStorage(storage, 4L * MIB);
		}

	}

}
