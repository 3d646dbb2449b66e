package dev.pump.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

import dev.pump.WriteStream;
import dev.pump.test.HeldExecutor;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;

import static org.awaitility.Awaitility.await;

/**
 * {@link AsyncFileWriteStream} against the write stream contract, writing a real file
 * that it forces on end and deletes on abort. Its writer is an executor that holds the
 * stream's tasks until the destination starts, and that rejects them when the destination
 * is made to fail (the stream then fails with an {@link IOException}, as it does for a
 * writer pool that was shut down).
 */
class AsyncFileWriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	@TempDir
	Path directory;

	private final HeldExecutor writer = new HeldExecutor();

	private AsyncFileWriteStream stream;

	private Path file;

	private volatile boolean failing;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws IOException {
		this.file = this.directory.resolve("written");
		this.stream = open(this.file, this.writer);
		this.stream.writeObserver((bytes) -> {
			if (this.failing) {
				throw new IllegalStateException("write failed on purpose");
			}
		});
		return this.stream;
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
		return Files.exists(this.file) ? Optional.of(Files.readAllBytes(this.file)) : Optional.empty();
	}

	@Override
	protected boolean failDestination() {
		this.failing = true;
		return true;
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		// Closed on the writer thread, maybe just after the last release.
		await().atMost(timeout()).until(() -> !this.stream.isOpen());
	}

	@Override
	protected void stopDestination() {
		this.writer.close();
	}

}
