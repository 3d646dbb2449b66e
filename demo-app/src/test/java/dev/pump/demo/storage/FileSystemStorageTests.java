package dev.pump.demo.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.test.TrackingDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FileSystemStorageTests {

	@TempDir
	Path directory;

	private final TrackingDataBufferFactory buffers = new TrackingDataBufferFactory();

	private FileSystemStorage storage;

	@BeforeEach
	void createStorage() throws IOException {
		this.storage = new FileSystemStorage(this.directory, this.buffers);
	}

	@AfterEach
	void everyBufferIsReleased() {
		this.buffers.awaitAllReleased(Duration.ofSeconds(5));
	}

	@Test
	void storedObjectReadsBackWithItsSizeAndDigest() throws Exception {
		store("a/b/report.txt", "hello, storage");
		StoredObject object = stat("a/b/report.txt");
		assertThat(object.size()).isEqualTo(14);
		assertThat(object.sha256()).isEqualTo(sha256("hello, storage"));
		assertThat(read(object, 0, object.size())).isEqualTo("hello, storage");
	}

	@Test
	void publishedFileIsMovedIntoPlaceWithItsDigest() throws Exception {
		Path file = Files.writeString(this.directory.resolve("~tus-partial.bin"), "assembled elsewhere");
		assertThat(this.storage.publishFile(ObjectKey.of("c/assembled.txt"), file, sha256("assembled elsewhere")))
			.isTrue();
		assertThat(file).doesNotExist();
		StoredObject object = stat("c/assembled.txt");
		assertThat(object.size()).isEqualTo(19);
		assertThat(object.sha256()).isEqualTo(sha256("assembled elsewhere"));
		assertThat(read(object, 0, object.size())).isEqualTo("assembled elsewhere");
	}

	@Test
	void publishedFileThatClashesWithAnObjectIsAConflict() throws Exception {
		store("d", "an object");
		Path file = Files.writeString(this.directory.resolve("~tus-clash.bin"), "content");
		assertThatExceptionOfType(ObjectConflictException.class)
			.isThrownBy(() -> this.storage.publishFile(ObjectKey.of("d/inner"), file, sha256("content")));
		assertThat(stat("d").sha256()).isEqualTo(sha256("an object"));
	}

	@Test
	void emptyObjectIsStored() throws Exception {
		store("empty", "");
		StoredObject object = stat("empty");
		assertThat(object.size()).isZero();
		assertThat(read(object, 0, 0)).isEmpty();
	}

	@Test
	void rangeOfAnObjectIsRead() throws Exception {
		store("digits", "0123456789");
		assertThat(read(stat("digits"), 3, 4)).isEqualTo("3456");
	}

	@Test
	void readingBeyondTheContentIsRefused() throws Exception {
		store("digits", "0123456789");
		StoredObject object = stat("digits");
		assertThatIllegalArgumentException().isThrownBy(() -> this.storage.openRead(object, 5, 6));
	}

	@Test
	void objectAppearsOnlyOnceTheWriteHasEnded() throws Exception {
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("late"), new ContentDigest());
		stream.write(wrap("late"));
		assertThat(this.storage.stat(ObjectKey.of("late")).blockOptional(Duration.ofSeconds(5))).isEmpty();
		assertThat(this.directory.resolve("late")).doesNotExist();
		stream.end().get(5, TimeUnit.SECONDS);
		assertThat(stat("late").size()).isEqualTo(4);
	}

	@Test
	void replacedObjectKeepsTheOldContentUntilTheNewOneHasEnded() throws Exception {
		store("doc", "old");
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("doc"), new ContentDigest());
		stream.write(wrap("newer"));
		assertThat(read(stat("doc"), 0, 3)).isEqualTo("old");
		stream.end().get(5, TimeUnit.SECONDS);
		assertThat(read(stat("doc"), 0, 5)).isEqualTo("newer");
		assertThat(stat("doc").sha256()).isEqualTo(sha256("newer"));
	}

	@Test
	void abortedWriteLeavesNothingBehind() throws Exception {
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("gone"), new ContentDigest());
		stream.write(wrap("partial"));
		stream.abort(new CancellationException("client gone"));
		assertThat(this.directory.resolve("gone")).doesNotExist();
		assertThat(temporaryFiles()).isZero();
	}

	@Test
	void leftoversOfACrashAreDeletedAtStart() throws Exception {
		Path leftover = this.directory.resolve(FileSystemStorage.TEMPORARY_DIRECTORY).resolve("upload-crashed.part");
		Files.writeString(leftover, "half an upload");
		new FileSystemStorage(this.directory, this.buffers);
		assertThat(leftover).doesNotExist();
	}

	@Test
	void readOfAnObjectReplacedSinceItsLookupIsRefused() throws Exception {
		store("doc", "old");
		StoredObject old = stat("doc");
		store("doc", "new!");
		assertThatExceptionOfType(NoSuchObjectException.class)
			.isThrownBy(() -> this.storage.openRead(old, 0, old.size()));
	}

	@Test
	void listHoldsObjectsOrderedByKeyAndNothingElse() throws Exception {
		store("b", "2");
		store("a/c", "3");
		store("a/b", "1");
		Files.writeString(this.directory.resolve("foreign.txt"), "not an object");
		Files.writeString(this.directory.resolve(FileSystemStorage.TEMPORARY_DIRECTORY).resolve("upload-x.part"), "");
		assertThat(this.storage.list().map((object) -> object.key().value()).collectList().block(Duration.ofSeconds(5)))
			.containsExactly("a/b", "a/c", "b");
	}

	@Test
	void fileWithoutTrailerIsNotAnObject() throws Exception {
		Files.writeString(this.directory.resolve("foreign.txt"), "not an object");
		assertThat(this.storage.stat(ObjectKey.of("foreign.txt")).blockOptional(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void deleteRemovesTheObjectAndItsEmptyDirectories() throws Exception {
		store("x/y/z", "data");
		store("x/keep", "data");
		assertThat(this.storage.delete(ObjectKey.of("x/y/z")).block(Duration.ofSeconds(5))).isTrue();
		assertThat(this.directory.resolve("x/y")).doesNotExist();
		assertThat(this.directory.resolve("x/keep")).exists();
	}

	@Test
	void deleteOfAMissingObjectSaysSo() {
		assertThat(this.storage.delete(ObjectKey.of("missing")).block(Duration.ofSeconds(5))).isFalse();
	}

	@Test
	void deleteOfAPrefixIsNotADeleteOfItsObjects() throws Exception {
		store("dir/file", "data");
		assertThat(this.storage.delete(ObjectKey.of("dir")).block(Duration.ofSeconds(5))).isFalse();
		assertThat(stat("dir/file").size()).isEqualTo(4);
	}

	@Test
	void keyUnderAnObjectIsAConflict() throws Exception {
		store("a", "object");
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("a/b"), new ContentDigest());
		stream.write(wrap("x"));
		CompletableFuture<Void> ended = stream.end();
		assertThat(ended).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(java.nio.file.FileSystemException.class);
		assertThat(ended.handle((ignored, failure) -> failure).get()).hasCauseInstanceOf(ObjectConflictException.class);
		assertThat(temporaryFiles()).isZero();
	}

	@Test
	void pathsOfKeysStayInsideTheDirectory() {
		Path root = this.storage.directory();
		assertThat(this.storage.path(ObjectKey.of("a/b/c"))).startsWithRaw(root).isNotEqualTo(root);
		assertThat(this.storage.path(ObjectKey.of("..."))).startsWithRaw(root);
	}

	private void store(String key, String content) throws Exception {
		ContentDigest digest = new ContentDigest();
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of(key), digest);
		if (!content.isEmpty()) {
			stream.write(wrap(content));
		}
		stream.end().get(5, TimeUnit.SECONDS);
		assertThat(digest.sha256()).isEqualTo(sha256(content));
	}

	private StoredObject stat(String key) {
		return this.storage.stat(ObjectKey.of(key)).blockOptional(Duration.ofSeconds(5)).orElseThrow();
	}

	private String read(StoredObject object, long position, long length) throws Exception {
		ReadStream<DataBuffer> stream = this.storage.openRead(object, position, length);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		CompletableFuture<Void> ended = new CompletableFuture<>();
		stream.exceptionHandler(ended::completeExceptionally);
		stream.endHandler(() -> ended.complete(null));
		stream.handler((buffer) -> {
			byte[] chunk = new byte[buffer.readableByteCount()];
			buffer.read(chunk);
			DataBufferUtils.release(buffer);
			bytes.writeBytes(chunk);
		});
		ended.get(5, TimeUnit.SECONDS);
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private long temporaryFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.directory.resolve(FileSystemStorage.TEMPORARY_DIRECTORY))) {
			return files.count();
		}
	}

	private static DataBuffer wrap(String content) {
		return DefaultDataBufferFactory.sharedInstance.wrap(content.getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(String content) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
