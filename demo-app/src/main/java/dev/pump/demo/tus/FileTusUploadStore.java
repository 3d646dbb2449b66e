package dev.pump.demo.tus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.pump.file.FileThreads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps resumable uploads on the filesystem, as tusd's filestore does: per upload, its
 * bytes in {@code <id>.bin} and its state in a {@code <id>.properties} sidecar, written
 * at creation, when a deferred length is declared and at publication (replaced
 * atomically). The offset of an upload is the size of its data file and it expires
 * {@code expire-after} after the file last changed, so a PATCH saves no state and forces
 * nothing; the file is forced once, at publication (see {@link FileTusChunk} for the last
 * chunk and the running SHA-256). State and bytes survive a restart.
 */
final class FileTusUploadStore implements TusUploadStore {

	private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

	private final Path directory;

	private final Duration expireAfter;

	private final TusPublisher publisher;

	private final FileThreads fileThreads;

	/**
	 * The SHA-256 of each upload's bytes so far, kept in memory only: a restart loses it,
	 * and the publication reads the file then.
	 */
	private final Map<String, RunningDigest> digests = new ConcurrentHashMap<>();

	FileTusUploadStore(Path directory, Duration expireAfter, TusPublisher publisher, FileThreads fileThreads)
			throws IOException {
		this.directory = Files.createDirectories(directory);
		this.expireAfter = expireAfter;
		this.publisher = publisher;
		this.fileThreads = fileThreads;
	}

	/**
	 * Tell whether a string is shaped like an upload id, before it names a file or an
	 * object.
	 * @param id the string
	 * @return whether it is
	 */
	static boolean isId(String id) {
		return ID.matcher(id).matches();
	}

	static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	@Override
	public Mono<TusUpload> create(String key, long length, String metadata, Instant expires) {
		return blocking(() -> {
			TusUpload upload = new TusUpload(newId(), key, length, 0, metadata, expires);
			Files.createFile(dataFile(upload.id()));
			save(upload, false);
			return upload;
		});
	}

	@Override
	public Mono<TusUpload> load(String id) {
		return blocking(() -> loadNow(id));
	}

	@Override
	public Mono<TusUpload> declareLength(TusUpload upload) {
		return blocking(() -> {
			save(upload, false);
			return upload;
		});
	}

	@Override
	public Mono<TusChunk> openChunk(TusUpload upload, long contentLength, @Nullable TusChecksum checksum) {
		return blocking(() -> FileTusChunk.open(this, upload, contentLength, checksum, this.fileThreads));
	}

	@Override
	public Mono<Void> delete(String id) {
		return blocking(() -> {
			deleteNow(id);
			return id;
		}).then();
	}

	@Override
	public Mono<Integer> deleteExpired(Instant now) {
		return blocking(() -> {
			int deleted = 0;
			for (TusUpload upload : list()) {
				if (now.isAfter(upload.expires())) {
					deleteNow(upload.id());
					deleted++;
				}
			}
			deleteOrphans(now);
			return deleted;
		});
	}

	/**
	 * Return a copy of the running SHA-256 of an upload, if this instance has one that
	 * covers exactly the bytes before an offset.
	 * @param id the upload's id
	 * @param offset the offset
	 * @return the digest, owned by the caller, or {@code null}
	 */
	@Nullable MessageDigest digestAt(String id, long offset) {
		RunningDigest running = this.digests.get(id);
		if (running == null || running.offset() != offset) {
			return null;
		}
		try {
			return (MessageDigest) running.digest().clone();
		}
		catch (CloneNotSupportedException ex) {
			return null;
		}
	}

	void digestAfter(String id, long offset, MessageDigest digest) {
		this.digests.put(id, new RunningDigest(offset, digest));
	}

	void forgetDigest(String id) {
		this.digests.remove(id);
	}

	TusPublisher publisher() {
		return this.publisher;
	}

	Path dataFile(String id) {
		return this.directory.resolve(id + ".bin");
	}

	/**
	 * Mark an upload complete: its data file has been moved into place.
	 * @param upload the complete upload
	 * @throws IOException if the state cannot be saved
	 */
	void saveComplete(TusUpload upload) throws IOException {
		forgetDigest(upload.id());
		save(upload, true);
	}

	/**
	 * Cut the data file back to an offset: drops a chunk that failed its checksum or
	 * could not be published.
	 * @param id the upload's id
	 * @param offset the offset to go back to
	 * @throws IOException if the file cannot be cut
	 */
	void truncate(String id, long offset) throws IOException {
		try (FileChannel channel = FileChannel.open(dataFile(id), StandardOpenOption.WRITE)) {
			if (channel.size() > offset) {
				channel.truncate(offset);
			}
		}
	}

	private @Nullable TusUpload loadNow(String id) throws IOException {
		if (!isId(id)) {
			return null;
		}
		Properties state = new Properties();
		Path stateFile = stateFile(id);
		try (Reader reader = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
			state.load(reader);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		long length = Long.parseLong(state.getProperty("length"));
		boolean complete = Boolean.parseBoolean(state.getProperty("complete"));
		Path data = dataFile(id);
		// The offset is the data file's size, and the upload lives as long as it changes.
		long offset = complete ? length : sizeOrZero(data);
		FileTime changed = complete ? Files.getLastModifiedTime(stateFile) : lastModified(data, stateFile);
		return new TusUpload(id, state.getProperty("key"), length, offset, state.getProperty("metadata", ""),
				changed.toInstant().plus(this.expireAfter));
	}

	private void save(TusUpload upload, boolean complete) throws IOException {
		Properties state = new Properties();
		state.setProperty("key", upload.key());
		state.setProperty("length", Long.toString(upload.length()));
		state.setProperty("metadata", upload.metadata());
		state.setProperty("complete", Boolean.toString(complete));
		Path temporary = this.directory.resolve(upload.id() + ".properties.tmp");
		try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
			state.store(writer, null);
		}
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		Files.move(temporary, stateFile(upload.id()), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	private static long sizeOrZero(Path file) throws IOException {
		try {
			return Files.size(file);
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
	}

	private static FileTime lastModified(Path data, Path fallback) throws IOException {
		try {
			return Files.getLastModifiedTime(data);
		}
		catch (NoSuchFileException ex) {
			return Files.getLastModifiedTime(fallback);
		}
	}

	private void deleteNow(String id) throws IOException {
		forgetDigest(id);
		Files.deleteIfExists(stateFile(id));
		Files.deleteIfExists(dataFile(id));
	}

	private List<TusUpload> list() throws IOException {
		List<TusUpload> uploads = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				if (name.endsWith(".properties")) {
					TusUpload upload = loadNow(name.substring(0, name.length() - ".properties".length()));
					if (upload != null) {
						uploads.add(upload);
					}
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return uploads;
	}

	/**
	 * Delete data files without state, left by a crash during a creation, once they are
	 * as old as an expired upload.
	 */
	private void deleteOrphans(Instant now) throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				if (name.endsWith(".bin") && !Files.exists(stateFile(name.substring(0, name.length() - 4)))
						&& now.isAfter(lastModified(file, file).toInstant().plus(this.expireAfter))) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (UncheckedIOException | NoSuchFileException ex) {
			// Deleted meanwhile: nothing left to do.
		}
	}

	private Path stateFile(String id) {
		return this.directory.resolve(id + ".properties");
	}

	private static <T> Mono<T> blocking(IoCallable<@Nullable T> work) {
		return Mono.fromCallable(work::call).subscribeOn(Schedulers.boundedElastic());
	}

	@FunctionalInterface
	interface IoCallable<T> {

		T call() throws IOException;

	}

	private record RunningDigest(long offset, MessageDigest digest) {
	}

}
