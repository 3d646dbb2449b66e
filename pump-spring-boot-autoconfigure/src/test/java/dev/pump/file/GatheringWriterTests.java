package dev.pump.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link GatheringWriter}: batches, bytes, drain, release.
 */
class GatheringWriterTests {

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	@TempDir
	Path directory;

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(Duration.ofSeconds(10));
	}

	@Test
	void batchWritesAtMostMaxGatherBuffersInOrder() throws IOException {
		try (FileChannel channel = open()) {
			GatheringWriter writer = new GatheringWriter(channel);
			int buffers = AsyncFileWriteStream.MAX_GATHER + 1;
			for (int i = 0; i < buffers; i++) {
				writer.offer(this.bufferFactory.wrap(new byte[] { (byte) i }));
			}
			assertThat(writer.bytesAccepted()).isEqualTo(buffers);
			assertThat(writer.writeBatch()).isTrue();
			assertThat(writer.bytesWritten()).isEqualTo(AsyncFileWriteStream.MAX_GATHER);
			assertThat(writer.isEmpty()).isFalse();
			assertThat(writer.writeBatch()).isTrue();
			assertThat(writer.writeBatch()).isFalse();
			assertThat(writer.queuedBytes().size()).isZero();
		}
		byte[] content = Files.readAllBytes(file());
		assertThat(content).hasSize(AsyncFileWriteStream.MAX_GATHER + 1);
		assertThat(content[200]).isEqualTo((byte) 200);
	}

	@Test
	void drainHandlerRunsOnceTheFullQueueIsWritten() throws IOException {
		try (FileChannel channel = open()) {
			GatheringWriter writer = new GatheringWriter(channel);
			AtomicInteger drains = new AtomicInteger();
			writer.drainHandler(drains::incrementAndGet);
			writer.queuedBytes().setMaxSize(10);
			writer.offer(this.bufferFactory.wrap(new byte[10]));
			assertThat(writer.queuedBytes().isFull()).isTrue();
			writer.writeBatch();
			assertThat(drains).hasValue(1);
		}
	}

	@Test
	void failingObserverFailsTheBatchAsAnIOErrorAndReleasesIt() throws IOException {
		try (FileChannel channel = open()) {
			GatheringWriter writer = new GatheringWriter(channel);
			writer.observer((bytes) -> {
				throw new IllegalStateException("digest broke");
			});
			writer.offer(this.bufferFactory.wrap(new byte[10]));
			assertThatIOException().isThrownBy(writer::writeBatch).withMessage("Write observer failed");
			assertThat(writer.queuedBytes().size()).isZero();
		}
	}

	@Test
	void releaseAllDropsTheQueue() throws IOException {
		try (FileChannel channel = open()) {
			GatheringWriter writer = new GatheringWriter(channel);
			writer.offer(this.bufferFactory.wrap(new byte[10]));
			writer.offer(this.bufferFactory.wrap(new byte[10]));
			writer.releaseAll();
			assertThat(writer.isEmpty()).isTrue();
			assertThat(writer.queuedBytes().size()).isZero();
			assertThat(writer.bytesWritten()).isZero();
		}
	}

	private FileChannel open() throws IOException {
		return FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
	}

	private Path file() {
		return this.directory.resolve("out.bin");
	}

}
