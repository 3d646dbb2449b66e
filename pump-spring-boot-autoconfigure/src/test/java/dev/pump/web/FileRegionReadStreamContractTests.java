package dev.pump.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import io.netty.channel.FileRegion;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * {@link FileRegionReadStream} against the read stream contract, over a real file. An
 * item is a region of the file; its bytes are read back by transferring it into a byte
 * channel, as a socket would take it. What the stream holds is the file channel: it must
 * be closed once the stream has ended or was cancelled and its regions were released.
 */
class FileRegionReadStreamContractTests extends ReadStreamContractTests<FileRegion> {

	@TempDir
	Path directory;

	private final List<FileRegionReadStream> opened = new CopyOnWriteArrayList<>();

	@Override
	protected ReadStream<FileRegion> createReadStream(List<byte[]> chunks) throws IOException {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		chunks.forEach(content::writeBytes);
		Path file = Files.write(this.directory.resolve("file-" + this.opened.size()), content.toByteArray());
		FileRegionReadStream stream = FileRegionReadStream.open(file, 0, content.size());
		this.opened.add(stream);
		return stream;
	}

	@Override
	protected Optional<ReadStream<FileRegion>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// Cutting a region does no I/O (the transfer of the region does, in the channel
		// that sends it): the stream has no failure of its own to deliver.
		return Optional.empty();
	}

	@Override
	protected byte[] bytesOf(FileRegion item) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			WritableByteChannel target = Channels.newChannel(bytes);
			while (item.transferred() < item.count()) {
				item.transferTo(target, item.transferred());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@Override
	protected void release(FileRegion item) {
		item.release();
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		await().atMost(timeout()).until(() -> this.opened.stream().noneMatch(FileRegionReadStream::isOpen));
	}

}
