package dev.pump.demo.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.file.AsyncFileReadStream;
import dev.pump.file.AtomicFileOptions;
import dev.pump.file.AtomicFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * Stores objects as files under a directory, one file per key (the key's segments are the
 * path), with the SHA-256 in a fixed-size trailer at the end of each file.
 *
 * <h2>Atomic publication</h2> An upload is written to a temporary file in the
 * {@value #TEMPORARY_DIRECTORY} subdirectory (a name no key can produce), forced to disk,
 * then renamed over the object's path with {@code ATOMIC_MOVE}: readers see the old
 * object or the whole new one. A failed or aborted upload deletes its temporary file, and
 * leftovers of a crash are deleted when the storage is created, so one directory must be
 * used by one service instance at a time.
 *
 * <h2>Threading</h2> Streams do their I/O asynchronously; lookups, listing and deletion
 * run on Reactor's bounded elastic scheduler.
 */
public class FileSystemStorage implements Storage {

	/**
	 * Name of the subdirectory that holds uploads in progress. {@code ~} is not allowed
	 * in keys, so no object can clash with it.
	 */
	public static final String TEMPORARY_DIRECTORY = "~uploads";

	private static final int READ_CHUNK_SIZE = 64 * 1024;

	private static final int STAT_ATTEMPTS = 5;

	private static final Log logger = LogFactory.getLog(FileSystemStorage.class);

	private final Path root;

	private final Path temporary;

	private final DataBufferFactory bufferFactory;

	private final FileWriteOptions writeOptions;

	/**
	 * Create a storage in a directory, written by the {@link FileThreads#shared() shared}
	 * file threads.
	 * @param directory the directory
	 * @param bufferFactory the factory of the buffers that reads produce
	 * @throws IOException if the directory cannot be prepared
	 * @see #FileSystemStorage(Path, DataBufferFactory, FileThreads)
	 */
	public FileSystemStorage(Path directory, DataBufferFactory bufferFactory) throws IOException {
		this(directory, bufferFactory, FileThreads.shared());
	}

	/**
	 * Create a storage in a directory, creating it if needed and deleting the leftovers
	 * of uploads interrupted by a crash.
	 * @param directory the directory
	 * @param bufferFactory the factory of the buffers that reads produce
	 * @param fileThreads the threads that write and force the uploads (the application's
	 * bean, sized by {@code pump.file.*})
	 * @throws IOException if the directory cannot be prepared
	 */
	public FileSystemStorage(Path directory, DataBufferFactory bufferFactory, FileThreads fileThreads)
			throws IOException {
		this.root = Files.createDirectories(directory).toRealPath();
		this.temporary = Files.createDirectories(this.root.resolve(TEMPORARY_DIRECTORY));
		this.bufferFactory = bufferFactory;
		// Forced before the rename publishes it; a failed upload leaves no temporary
		// file.
		this.writeOptions = FileWriteOptions.defaults().threads(fileThreads);
		deleteLeftovers();
	}

	/**
	 * Return the directory of the storage.
	 * @return the directory, as a real path
	 */
	public Path directory() {
		return this.root;
	}

	private void deleteLeftovers() throws IOException {
		try (Stream<Path> leftovers = Files.list(this.temporary)) {
			for (Path leftover : (Iterable<Path>) leftovers::iterator) {
				logger.info("Deleting the leftover of an interrupted upload: " + leftover.getFileName());
				Files.deleteIfExists(leftover);
			}
		}
	}

	@Override
	public WriteStream<DataBuffer> openWrite(ObjectKey key, ContentDigest digest) throws IOException {
		AtomicFileWriteStream file = AtomicFileWriteStream.open(path(key),
				AtomicFileOptions.defaults().temporaryDirectory(this.temporary).writeOptions(this.writeOptions));
		return new PublishingWriteStream(file, digest);
	}

	@Override
	public boolean publishFile(ObjectKey key, Path file, String sha256) throws IOException {
		Path target = path(key);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			channel.write(ByteBuffer.wrap(ObjectTrailer.encode(sha256)));
			channel.force(true);
		}
		try {
			if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
				throw new FileAlreadyExistsException(target.toString());
			}
			Files.createDirectories(target.getParent());
			Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException | NotDirectoryException ex) {
			throw new ObjectConflictException(ex);
		}
		forceDirectory(target.getParent());
		return true;
	}

	private static void forceDirectory(Path directory) {
		// Makes the rename durable where a directory can be opened; elsewhere it is as
		// durable as it gets.
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// See above.
		}
	}

	@Override
	public Mono<StoredObject> stat(ObjectKey key) {
		return Mono.fromCallable(() -> statNow(key)).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public ReadStream<DataBuffer> openRead(StoredObject object, long position, long length) throws IOException {
		if (position < 0 || length < 0 || position + length > object.size()) {
			throw new IllegalArgumentException("Range outside of the object");
		}
		Path path = path(object.key());
		ReadStream<DataBuffer> stream = AsyncFileReadStream.open(path, this.bufferFactory, READ_CHUNK_SIZE, position,
				length);
		// The file was opened by path: make sure it is still the one that was looked up.
		BasicFileAttributes attributes = attributesOrNull(path);
		if (attributes == null || !version(attributes).equals(object.version())) {
			stream.cancel();
			throw new NoSuchObjectException(object.key());
		}
		return stream;
	}

	@Override
	public FileChannel openFile(StoredObject object) throws IOException {
		Path path = path(object.key());
		FileChannel file;
		try {
			file = FileChannel.open(path, StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			throw new NoSuchObjectException(object.key());
		}
		// Opened by path, as openRead: make sure it is still the one that was looked up.
		BasicFileAttributes attributes = attributesOrNull(path);
		if (attributes == null || !version(attributes).equals(object.version())) {
			file.close();
			throw new NoSuchObjectException(object.key());
		}
		return file;
	}

	@Override
	public Flux<StoredObject> list() {
		return Mono.fromCallable(this::listNow).subscribeOn(Schedulers.boundedElastic()).flatMapIterable((all) -> all);
	}

	@Override
	public Mono<Boolean> delete(ObjectKey key) {
		return Mono.fromCallable(() -> deleteNow(key)).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Return the path of an object. Keys cannot name anything outside the storage, and
	 * this checks it again.
	 * @param key the key
	 * @return the path
	 */
	Path path(ObjectKey key) {
		Path path = this.root;
		for (String segment : key.segments()) {
			path = path.resolve(segment);
		}
		path = path.normalize();
		if (!path.startsWith(this.root) || path.equals(this.root) || path.startsWith(this.temporary)) {
			throw new InvalidKeyException("Key names a path outside of the storage");
		}
		return path;
	}

	private @Nullable StoredObject statNow(ObjectKey key) throws IOException {
		Path path = path(key);
		for (int attempt = 0; attempt < STAT_ATTEMPTS; attempt++) {
			BasicFileAttributes before = attributesOrNull(path);
			if (before == null || !before.isRegularFile()) {
				return null;
			}
			String sha256 = readTrailer(path, before.size());
			BasicFileAttributes after = attributesOrNull(path);
			if (after != null && version(before).equals(version(after))) {
				return (sha256 != null) ? new StoredObject(key, before.size() - ObjectTrailer.LENGTH, sha256,
						before.lastModifiedTime().toInstant(), version(before)) : null;
			}
			// Replaced while the trailer was read: look again.
		}
		throw new IOException("Object keeps changing");
	}

	private static @Nullable String readTrailer(Path path, long size) throws IOException {
		try {
			return ObjectTrailer.read(path, size);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private List<StoredObject> listNow() throws IOException {
		List<StoredObject> objects = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.root)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				StoredObject object = objectOrNull(file);
				if (object != null) {
					objects.add(object);
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		objects.sort((left, right) -> left.key().compareTo(right.key()));
		return objects;
	}

	private @Nullable StoredObject objectOrNull(Path file) throws IOException {
		if (file.startsWith(this.temporary) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			return null;
		}
		String key = this.root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
		try {
			return statNow(ObjectKey.of(key));
		}
		catch (InvalidKeyException ex) {
			return null;
		}
	}

	private boolean deleteNow(ObjectKey key) throws IOException {
		Path path = path(key);
		if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || !Files.deleteIfExists(path)) {
			return false;
		}
		deleteEmptyParents(path);
		return true;
	}

	private void deleteEmptyParents(Path path) {
		for (Path parent = path.getParent(); !parent.equals(this.root); parent = parent.getParent()) {
			try {
				Files.delete(parent);
			}
			catch (IOException ex) {
				return; // not empty, or gone: either way the parents are in use
			}
		}
	}

	private static @Nullable BasicFileAttributes attributesOrNull(Path path) throws IOException {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static String version(BasicFileAttributes attributes) {
		// A rename publishes a new file: its file key (device and inode) tells it apart.
		return Objects.toString(attributes.fileKey(), "") + "@" + attributes.lastModifiedTime().toMillis() + "/"
				+ attributes.size();
	}

}
