package dev.pump.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.pump.Pump;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AtomicFileWriteStream}, on real files.
 */
class AtomicFileWriteStreamTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	@TempDir
	Path directory;

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void endPublishesTheContentAndLeavesNoTemporaryFile() throws Exception {
		byte[] data = random(1_000_003);
		Path target = this.directory.resolve("object");
		pump(AtomicFileWriteStream.open(target), data);
		assertThat(target).hasBinaryContent(data);
		assertThat(files()).containsExactly(target);
	}

	@Test
	void previousFileStaysVisibleUntilEndCompletes() throws Exception {
		Path target = Files.write(this.directory.resolve("object"), new byte[] { 1, 2, 3 });
		AtomicFileWriteStream stream = AtomicFileWriteStream.open(target);
		stream.write(this.bufferFactory.wrap(new byte[] { 4, 5 }));
		assertThat(stream.flush()).succeedsWithin(TIMEOUT);
		assertThat(target).hasBinaryContent(new byte[] { 1, 2, 3 });
		assertThat(stream.temporaryFile()).hasParent(this.directory).hasBinaryContent(new byte[] { 4, 5 });
		assertThat(stream.end()).succeedsWithin(TIMEOUT);
		assertThat(target).hasBinaryContent(new byte[] { 4, 5 });
	}

	@Test
	void abortDeletesTheTemporaryFileAndKeepsThePreviousFile() throws Exception {
		Path target = Files.write(this.directory.resolve("object"), new byte[] { 1, 2, 3 });
		AtomicFileWriteStream stream = AtomicFileWriteStream.open(target);
		stream.write(this.bufferFactory.wrap(random(100_000)));
		stream.abort(new IllegalStateException("client gone"));
		assertThat(stream.end()).failsWithin(TIMEOUT);
		assertThat(target).hasBinaryContent(new byte[] { 1, 2, 3 });
		assertThat(files()).containsExactly(target);
	}

	@Test
	void notReplacingAnExistingFileFailsEndAndKeepsIt() throws Exception {
		Path target = Files.write(this.directory.resolve("object"), new byte[] { 1, 2, 3 });
		AtomicFileWriteStream stream = AtomicFileWriteStream.open(target,
				AtomicFileOptions.defaults().replaceExisting(false));
		stream.write(this.bufferFactory.wrap(new byte[] { 4 }));
		assertThat(stream.end()).failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(FileAlreadyExistsException.class);
		assertThat(target).hasBinaryContent(new byte[] { 1, 2, 3 });
		assertThat(files()).containsExactly(target);
	}

	@Test
	void notReplacingPublishesANewFile() throws Exception {
		Path target = this.directory.resolve("new");
		pump(AtomicFileWriteStream.open(target, AtomicFileOptions.defaults().replaceExisting(false)), new byte[] { 7 });
		assertThat(target).hasBinaryContent(new byte[] { 7 });
	}

	@Test
	void targetThatIsADirectoryFailsEndAndLeavesNoTemporaryFile() throws Exception {
		Path target = Files.createDirectory(this.directory.resolve("dir"));
		AtomicFileWriteStream stream = AtomicFileWriteStream.open(target);
		stream.write(this.bufferFactory.wrap(new byte[] { 4 }));
		assertThat(stream.end()).failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(FileAlreadyExistsException.class);
		assertThat(target).isEmptyDirectory();
		assertThat(files()).containsExactly(target);
	}

	@Test
	void temporaryDirectoryHoldsTheTemporaryFileAndTheTargetDirectoriesAreCreated() throws Exception {
		Path temporary = Files.createDirectory(this.directory.resolve("tmp"));
		Path target = this.directory.resolve("a/b/object");
		AtomicFileWriteStream stream = AtomicFileWriteStream.open(target,
				AtomicFileOptions.defaults().temporaryDirectory(temporary));
		assertThat(stream.temporaryFile()).hasParent(temporary);
		pump(stream, new byte[] { 9, 9 });
		assertThat(target).hasBinaryContent(new byte[] { 9, 9 });
		assertThat(temporary).isEmptyDirectory();
	}

	@Test
	void digestIsComputedOnTheWritingThread() throws Exception {
		byte[] data = random(2_000_000);
		AtomicFileWriteStream stream = AtomicFileWriteStream.open(this.directory.resolve("digested"),
				AtomicFileOptions.defaults().digestAlgorithm("SHA-256"));
		AtomicReference<String> observerThread = new AtomicReference<>();
		stream.writeObserver((bytes) -> observerThread.set(Thread.currentThread().getName()));
		assertThat(stream.digest()).isNull();
		pump(stream, data);
		assertThat(stream.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
		assertThat(observerThread.get()).isNotNull().isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void unknownDigestAlgorithmIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AtomicFileWriteStream.open(this.directory.resolve("x"),
					AtomicFileOptions.defaults().digestAlgorithm("NO-SUCH")))
			.withMessageContaining("NO-SUCH");
	}

	private void pump(AtomicFileWriteStream stream, byte[] data) {
		int chunk = 64 * 1024;
		Flux<DataBuffer> source = Flux.range(0, (data.length + chunk - 1) / chunk).map((i) -> {
			int length = Math.min(chunk, data.length - i * chunk);
			DataBuffer buffer = this.bufferFactory.allocateBuffer(length);
			buffer.write(data, i * chunk, length);
			return buffer;
		});
		StepVerifier.create(Pump.pump(DataBufferReadStream.of(source), stream).start().completion())
			.expectNext((long) data.length)
			.expectComplete()
			.verify(TIMEOUT);
	}

	private List<Path> files() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.toList();
		}
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
