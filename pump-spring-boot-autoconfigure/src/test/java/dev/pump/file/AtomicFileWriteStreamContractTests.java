package dev.pump.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import dev.pump.WriteStream;
import dev.pump.test.HeldExecutor;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AtomicFileWriteStream} against the write stream contract, publishing a real
 * file. The output is the published target only: it exists once {@code end()} has renamed
 * the temporary file over it, never before, and an abort leaves neither the target nor a
 * temporary file. The temporary file's writer is an executor that holds the stream's
 * tasks until the destination starts; the destination is made to fail by the write
 * observer throwing on the writer thread, which the file takes as an I/O error.
 */
class AtomicFileWriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	@TempDir
	Path directory;

	private final HeldExecutor writer = new HeldExecutor();

	private Path target;

	private Path temporaryDirectory;

	private volatile boolean failing;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws IOException {
		this.target = this.directory.resolve("published");
		this.temporaryDirectory = Files.createDirectory(this.directory.resolve("temporary"));
		AtomicFileOptions options = AtomicFileOptions.defaults()
			.temporaryDirectory(this.temporaryDirectory)
			.digestAlgorithm("SHA-256")
			.writeOptions(FileWriteOptions.defaults().writer(this.writer));
		return AtomicFileWriteStream.open(this.target, options).writeObserver((bytes) -> {
			if (this.failing) {
				throw new IllegalStateException("write failed on purpose");
			}
		});
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected void startDestination() {
		this.writer.start();
	}

	@Override
	protected Optional<byte[]> output() throws IOException {
		return Files.exists(this.target) ? Optional.of(Files.readAllBytes(this.target)) : Optional.empty();
	}

	@Override
	protected boolean failDestination() {
		this.failing = true;
		return true;
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		// Deleted on the writer thread, maybe just after the last release.
		await().atMost(timeout()).untilAsserted(() -> {
			try (Stream<Path> leftovers = Files.list(this.temporaryDirectory)) {
				assertThat(leftovers).as("temporary files left").isEmpty();
			}
		});
	}

	@Override
	protected void stopDestination() {
		this.writer.close();
	}

}
