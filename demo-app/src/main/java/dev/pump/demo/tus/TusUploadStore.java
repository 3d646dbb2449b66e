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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Keeps resumable uploads on the filesystem: per upload, its data in {@code <id>.bin} and
 * its state in a {@code <id>.properties} sidecar, replaced atomically, so that an upload
 * survives a restart. Blocking: call it off the event loop.
 */
final class TusUploadStore {

	private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

	private final Path directory;

	TusUploadStore(Path directory) throws IOException {
		this.directory = Files.createDirectories(directory);
	}

	/**
	 * Tell whether a string is shaped like an upload id, before it names a file.
	 * @param id the string
	 * @return whether it is
	 */
	static boolean isId(String id) {
		return ID.matcher(id).matches();
	}

	TusUpload create(String key, long length, String metadata, Instant expires) throws IOException {
		String id = UUID.randomUUID().toString().replace("-", "");
		TusUpload upload = new TusUpload(id, key, length, 0, metadata, expires);
		Files.createFile(dataFile(id));
		save(upload);
		return upload;
	}

	@Nullable TusUpload load(String id) throws IOException {
		if (!isId(id)) {
			return null;
		}
		Properties state = new Properties();
		try (Reader reader = Files.newBufferedReader(stateFile(id), StandardCharsets.UTF_8)) {
			state.load(reader);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		return new TusUpload(id, state.getProperty("key"), Long.parseLong(state.getProperty("length")),
				Long.parseLong(state.getProperty("offset")), state.getProperty("metadata", ""),
				Instant.parse(state.getProperty("expires")));
	}

	void save(TusUpload upload) throws IOException {
		Properties state = new Properties();
		state.setProperty("key", upload.key());
		state.setProperty("length", Long.toString(upload.length()));
		state.setProperty("offset", Long.toString(upload.offset()));
		state.setProperty("metadata", upload.metadata());
		state.setProperty("expires", upload.expires().toString());
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

	Path dataFile(String id) {
		return this.directory.resolve(id + ".bin");
	}

	/**
	 * Cut the data file back to the upload's offset: drops the bytes of a chunk that
	 * failed its checksum, or that were written but not counted.
	 * @param upload the upload
	 * @throws IOException if the file cannot be cut
	 */
	void truncate(TusUpload upload) throws IOException {
		try (FileChannel channel = FileChannel.open(dataFile(upload.id()), StandardOpenOption.WRITE,
				StandardOpenOption.CREATE)) {
			// Most PATCHes find nothing to cut: no force for them.
			if (channel.size() > upload.offset()) {
				channel.truncate(upload.offset());
				channel.force(true);
			}
		}
	}

	/**
	 * Return the bytes of the data file, forced to disk: the offset after an interrupted
	 * PATCH.
	 * @param upload the upload
	 * @return the bytes that reached the disk
	 * @throws IOException if the file cannot be read
	 */
	long forcedSize(TusUpload upload) throws IOException {
		try (FileChannel channel = FileChannel.open(dataFile(upload.id()), StandardOpenOption.WRITE)) {
			channel.force(true);
			return channel.size();
		}
	}

	void deleteData(String id) throws IOException {
		Files.deleteIfExists(dataFile(id));
	}

	void delete(String id) throws IOException {
		Files.deleteIfExists(stateFile(id));
		deleteData(id);
	}

	List<TusUpload> list() throws IOException {
		List<TusUpload> uploads = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				if (name.endsWith(".properties")) {
					TusUpload upload = load(name.substring(0, name.length() - ".properties".length()));
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

	private Path stateFile(String id) {
		return this.directory.resolve(id + ".properties");
	}

}
