package dev.pump.demo.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import dev.pump.WriteStream;
import dev.pump.file.AtomicFileOptions;
import dev.pump.file.AtomicFileWriteStream;
import dev.pump.file.FileWriteOptions;
import dev.pump.test.HeldExecutor;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PublishingWriteStream} against the write stream contract: a real file system
 * storage, whose object appears (with its digest trailer) only once the stream has ended.
 * The stream is opened as {@link FileSystemStorage#openWrite} opens it, with a writer
 * held until the destination starts. The destination is made to fail by the write
 * observer (the digest) throwing on the writer thread, which the file takes as an I/O
 * error.
 */
class PublishingWriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private static final ObjectKey KEY = ObjectKey.of("contract/object.bin");

	@TempDir
	Path directory;

	private final HeldExecutor writer = new HeldExecutor();

	private FileSystemStorage storage;

	private volatile boolean failing;

	@BeforeEach
	void createStorage() throws IOException {
		this.storage = new FileSystemStorage(this.directory, this.bufferFactory);
	}

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws IOException {
		AtomicFileWriteStream file = AtomicFileWriteStream.open(this.storage.path(KEY),
				AtomicFileOptions.defaults()
					.temporaryDirectory(temporaryDirectory())
					.writeOptions(FileWriteOptions.defaults().writer(this.writer)));
		ContentDigest digest = new ContentDigest();
		PublishingWriteStream stream = new PublishingWriteStream(file, digest);
		// In place of the stream's own observer, which only feeds the digest.
		file.writeObserver((bytes) -> {
			if (this.failing) {
				throw new IllegalStateException("write failed on purpose");
			}
			digest.update(bytes);
		});
		return stream;
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
		Optional<StoredObject> object = this.storage.stat(KEY).blockOptional(Duration.ofSeconds(5));
		if (object.isEmpty()) {
			return Optional.empty();
		}
		// The content, without the trailer stored after it.
		byte[] file = Files.readAllBytes(this.storage.path(KEY));
		return Optional.of(Arrays.copyOf(file, (int) object.get().size()));
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
			try (Stream<Path> leftovers = Files.list(temporaryDirectory())) {
				assertThat(leftovers).as("temporary files left").isEmpty();
			}
		});
	}

	@Override
	protected void stopDestination() {
		this.writer.close();
	}

	private Path temporaryDirectory() {
		return this.storage.directory().resolve(FileSystemStorage.TEMPORARY_DIRECTORY);
	}

}
