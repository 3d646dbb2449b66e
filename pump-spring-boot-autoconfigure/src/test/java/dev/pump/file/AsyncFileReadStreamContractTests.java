package dev.pump.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.awaitility.Awaitility.await;

/**
 * {@link AsyncFileReadStream} against the read stream contract: the content is a real
 * file, read in chunks smaller than it; every channel is closed at the end of a test.
 */
class AsyncFileReadStreamContractTests extends ReadStreamContractTests<DataBuffer> {

	private static final int CHUNK_SIZE = 1500;

	@TempDir
	Path directory;

	private final List<AsyncFileReadStream> opened = new CopyOnWriteArrayList<>();

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) throws IOException {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		chunks.forEach(content::writeBytes);
		Path file = Files.write(this.directory.resolve("content-" + this.opened.size()), content.toByteArray());
		AsyncFileReadStream stream = AsyncFileReadStream.open(file, this.bufferFactory, CHUNK_SIZE, 0, -1);
		this.opened.add(stream);
		return stream;
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// A local file cannot be made to fail half way on demand. The stream hands the
		// failures of its reader to DataBufferReadStream, whose contract test covers
		// them.
		return Optional.empty();
	}

	@Override
	protected byte[] bytesOf(DataBuffer item) {
		return TrackingDataBufferFactory.bytes(item);
	}

	@Override
	protected void release(DataBuffer item) {
		DataBufferUtils.release(item);
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		// Closed by the reader when cancelled, maybe on its own thread.
		await().atMost(timeout()).until(() -> this.opened.stream().noneMatch(AsyncFileReadStream::isOpen));
	}

}
