package dev.pump.demo.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;

import dev.pump.WriteStream;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileWriteOptions;
import dev.pump.test.HeldExecutor;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PublishingWriteStream} against the write stream contract: a real file system
 * storage, whose object appears only once the stream has ended. The file's writer is held
 * until the destination starts. The destination is made to fail by the write observer
 * (the digest) throwing on the writer thread, which the file takes as an I/O error.
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
		Path temporary = this.directory.resolve(FileSystemStorage.TEMPORARY_DIRECTORY).resolve("upload-contract.part");
		FileSystemStorage.Upload upload = this.storage.new Upload(temporary, this.directory.resolve(KEY.value()));
		AsyncFileWriteStream file = open(temporary, this.writer);
		ContentDigest digest = new ContentDigest();
		PublishingWriteStream stream = new PublishingWriteStream(file, upload, digest);
		file.writeObserver((bytes) -> {
			if (this.failing) {
				throw new IllegalStateException("write failed on purpose");
			}
			digest.update(bytes);
		});
		return stream;
	}

	// The one call of the factory, for the lead to adapt to FileWriteOptions at merge.
	private static AsyncFileWriteStream open(Path file, Executor writer) throws IOException {
		return AsyncFileWriteStream.open(file, FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().writer(writer));
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
		byte[] file = Files.readAllBytes(this.directory.resolve(KEY.value()));
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
		try (var leftovers = Files.list(this.directory.resolve(FileSystemStorage.TEMPORARY_DIRECTORY))) {
			assertThat(leftovers).as("temporary files left").isEmpty();
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	@Override
	protected void stopDestination() {
		this.writer.close();
	}

}
