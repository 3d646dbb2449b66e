package dev.pump.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AsyncFileReadStream}.
 */
class AsyncFileReadStreamTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();

	@TempDir
	Path directory;

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void readsWholeFileInChunksAndClosesAtEnd() throws Exception {
		byte[] data = randomFile(100_003);
		AsyncFileReadStream stream = AsyncFileReadStream.open(file(), this.bufferFactory, 8192, 0, -1);
		readToEnd(stream);
		assertThat(this.received.toByteArray()).isEqualTo(data);
		assertThat(this.chunkSizes).allMatch((size) -> size <= 8192);
		await().atMost(TIMEOUT).until(() -> !stream.isOpen());
	}

	@Test
	void readsDefaultChunksOfWholeFile() throws Exception {
		byte[] data = randomFile(200_000);
		readToEnd(AsyncFileReadStream.open(file(), this.bufferFactory));
		assertThat(this.received.toByteArray()).isEqualTo(data);
		assertThat(this.chunkSizes).first().isEqualTo(AsyncFileReadStream.DEFAULT_CHUNK_SIZE);
	}

	@Test
	void readsRangeOfLengthFromPosition() throws Exception {
		byte[] data = randomFile(50_000);
		readToEnd(AsyncFileReadStream.open(file(), this.bufferFactory, 4096, 1000, 10_001));
		assertThat(this.received.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1000, 11_001));
	}

	@Test
	void readsFromPositionToEnd() throws Exception {
		byte[] data = randomFile(50_000);
		readToEnd(AsyncFileReadStream.open(file(), this.bufferFactory, 4096, 49_000, -1));
		assertThat(this.received.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 49_000, 50_000));
	}

	@Test
	void readsEmptyRange() throws Exception {
		randomFile(100);
		AsyncFileReadStream stream = AsyncFileReadStream.open(file(), this.bufferFactory, 4096, 10, 0);
		readToEnd(stream);
		assertThat(this.received.size()).isZero();
		assertThat(stream.isOpen()).isFalse();
	}

	@Test
	void cancelClosesChannelAndReleasesReadAhead() throws Exception {
		randomFile(1_000_000);
		AsyncFileReadStream stream = AsyncFileReadStream.open(file(), this.bufferFactory, 1024, 0, -1);
		stream.handler((buffer) -> {
			DataBufferUtils.release(buffer);
			stream.pause();
		});
		await().atMost(TIMEOUT).until(() -> stream.heldCount() > 0);
		stream.cancel();
		assertThat(stream.heldCount()).isZero();
		await().atMost(TIMEOUT).until(() -> !stream.isOpen());
	}

	@Test
	void cancelBeforeStartClosesChannel() throws Exception {
		randomFile(10);
		AsyncFileReadStream stream = AsyncFileReadStream.open(file(), this.bufferFactory);
		stream.cancel();
		await().atMost(TIMEOUT).until(() -> !stream.isOpen());
	}

	@Test
	void openFailsForMissingFile() {
		assertThatExceptionOfType(NoSuchFileException.class)
			.isThrownBy(() -> AsyncFileReadStream.open(this.directory.resolve("missing"), this.bufferFactory));
	}

	private void readToEnd(AsyncFileReadStream stream) {
		CompletableFuture<Void> ended = new CompletableFuture<>();
		stream.endHandler(() -> ended.complete(null));
		stream.exceptionHandler(ended::completeExceptionally);
		stream.handler(this::receive);
		assertThat(ended).succeedsWithin(TIMEOUT);
	}

	private void receive(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		this.chunkSizes.add(bytes.length);
		this.received.writeBytes(bytes);
		DataBufferUtils.release(buffer);
	}

	private byte[] randomFile(int size) throws IOException {
		byte[] data = new byte[size];
		ThreadLocalRandom.current().nextBytes(data);
		Files.write(file(), data);
		return data;
	}

	private Path file() {
		return this.directory.resolve("data.bin");
	}

}
