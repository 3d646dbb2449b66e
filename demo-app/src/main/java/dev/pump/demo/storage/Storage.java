package dev.pump.demo.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.pump.ReadStream;
import dev.pump.WriteStream;

/**
 * Where objects live. Objects are published atomically: a reader sees the old object or
 * the whole new one, never a part, and a failed or aborted write leaves nothing behind.
 *
 * <p>
 * Opening a stream is cheap and does not wait for I/O for long; the streams themselves do
 * their I/O asynchronously. Who opens a stream owns it: it must end, abort or cancel it.
 */
public interface Storage {

	/**
	 * Open a stream that stores an object. The object appears, replacing any previous
	 * one, only once {@link WriteStream#end()} completes;
	 * {@link WriteStream#abort(Throwable)} leaves nothing behind. A full storage fails
	 * the stream with an error for which
	 * {@link StorageFullException#isStorageFull(Throwable)} is {@code true}.
	 * @param key the key
	 * @param digest fed by the storage with everything written, in order, and finished by
	 * the storage before {@code end()} completes; the object is stored with it
	 * @return the stream
	 * @throws IOException if the stream cannot be opened
	 */
	WriteStream<DataBuffer> openWrite(ObjectKey key, ContentDigest digest) throws IOException;

	/**
	 * Publish a complete local file as an object by moving it into place, if this storage
	 * can: for content that was assembled elsewhere (a resumable upload), without copying
	 * it. The object appears atomically, replacing any previous one, as with
	 * {@link #openWrite}. Blocking: call it off the event loop.
	 * @param key the key
	 * @param file the content, on the same file system as the storage; it is moved (or,
	 * on failure, left with at most its content)
	 * @param sha256 the SHA-256 of the content, in lower-case hex
	 * @return whether the file was published; {@code false} if this storage cannot (then
	 * use {@link #openWrite})
	 * @throws ObjectConflictException if the key clashes with existing keys
	 * @throws IOException if the file cannot be published
	 */
	default boolean publishFile(ObjectKey key, Path file, String sha256) throws IOException {
		return false;
	}

	/**
	 * Look an object up.
	 * @param key the key
	 * @return the object, or empty if there is none
	 */
	Mono<StoredObject> stat(ObjectKey key);

	/**
	 * Open a stream that reads part of an object, as it was when looked up.
	 * @param object the object, from {@link #stat(ObjectKey)}
	 * @param position the first byte to read
	 * @param length the number of bytes to read
	 * @return the stream
	 * @throws NoSuchObjectException if the object was deleted or replaced since
	 * @throws IOException if the stream cannot be opened
	 */
	ReadStream<DataBuffer> openRead(StoredObject object, long position, long length) throws IOException;

	/**
	 * Open the local file that holds an object, as it was when looked up, for a zero-copy
	 * download: its first {@code object.size()} bytes are the object's content.
	 * @param object the object, from {@link #stat(ObjectKey)}
	 * @return the file, open for reading and owned by the caller, or {@code null} if this
	 * storage keeps no local files (then use {@link #openRead})
	 * @throws NoSuchObjectException if the object was deleted or replaced since
	 * @throws IOException if the file cannot be opened
	 */
	default @Nullable FileChannel openFile(StoredObject object) throws IOException {
		return null;
	}

	/**
	 * List every object, ordered by key.
	 * @return the objects
	 */
	Flux<StoredObject> list();

	/**
	 * Delete an object.
	 * @param key the key
	 * @return whether there was an object to delete
	 */
	Mono<Boolean> delete(ObjectKey key);

}
