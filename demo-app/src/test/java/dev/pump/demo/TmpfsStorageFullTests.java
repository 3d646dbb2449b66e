package dev.pump.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pump.demo.storage.FileSystemStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real full disk: the filesystem storage on a 2 MiB tmpfs. Needs the right to mount
 * (root in most CI containers); skipped otherwise.
 */
class TmpfsStorageFullTests {

	@TempDir
	static Path root;

	private static Path mountPoint;

	private static boolean mounted;

	private static ConfigurableApplicationContext service;

	@BeforeAll
	static void mountTinyTmpfsAndStart() throws Exception {
		mountPoint = Files.createDirectories(root.resolve("tmpfs"));
		mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString());
		assumeTrue(mounted, "mount -t tmpfs is not allowed here");
		// Arguments, not default properties: they override application.properties.
		service = new SpringApplicationBuilder(DemoApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--demo.storage.directory=" + mountPoint.resolve("storage"));
	}

	@AfterAll
	static void stopAndUnmount() throws Exception {
		if (service != null) {
			service.close();
		}
		if (mounted) {
			run("umount", mountPoint.toString());
		}
	}

	@Test
	void fullDiskGivesInsufficientStorageAndLeavesNothing() throws Exception {
		int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
		long size = 8L * 1024 * 1024;
		try (RawHttp raw = RawHttp.connect(port)) {
			raw.send("PUT /files/too-big-for-the-disk HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + size
					+ "\r\n\r\n");
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(raw, size));
			String head = raw.readHead();
			new ProcessBuilder("sh", "-c",
					"df " + mountPoint + "; mount | grep " + mountPoint + "; ls -laR " + mountPoint)
				.inheritIO()
				.start()
				.waitFor();
			assertThat(head).startsWith("HTTP/1.1 507");
			sending.handle((ignored, failure) -> null).get(30, TimeUnit.SECONDS);
		}
		Path storage = mountPoint.resolve("storage");
		assertThat(storage.resolve("too-big-for-the-disk")).doesNotExist();
		try (Stream<Path> files = Files.list(storage.resolve(FileSystemStorage.TEMPORARY_DIRECTORY))) {
			assertThat(files).isEmpty();
		}
	}

	private static void send(RawHttp raw, long size) {
		byte[] chunk = new Content(5, 64 * 1024).bytes();
		try {
			OutputStream out = raw.output();
			for (long sent = 0; sent < size; sent += chunk.length) {
				out.write(chunk);
			}
			out.flush();
		}
		catch (IOException ex) {
			// The server refused the rest of the body.
		}
	}

	private static boolean run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().transferTo(OutputStream.nullOutputStream());
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
