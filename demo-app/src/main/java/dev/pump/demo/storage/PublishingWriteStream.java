package dev.pump.demo.storage;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.file.AsyncFileWriteStream;

/**
 * Writes an object to a temporary file and publishes it on {@link #end()}: once the
 * content is in the file, the trailer with the digest, then the inner end (which forces
 * the file to disk), then an atomic rename over the object's path.
 * {@link #abort(Throwable)} deletes the temporary file. Errors that mean a full disk are
 * reported as {@link StorageFullException}.
 *
 * <p>
 * The digest is fed by the file's write observer, on the thread that writes the file: the
 * caller's thread (an event loop) does not pay for hashing.
 */
final class PublishingWriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private final AsyncFileWriteStream file;

	private final FileSystemStorage.Upload upload;

	private final ContentDigest digest;

	PublishingWriteStream(AsyncFileWriteStream file, FileSystemStorage.Upload upload, ContentDigest digest) {
		this.file = file;
		this.upload = upload;
		this.digest = digest;
		file.writeObserver(digest::update);
	}

	@Override
	public PublishingWriteStream write(DataBuffer item) {
		this.file.write(item);
		return this;
	}

	@Override
	public PublishingWriteStream setWriteQueueMaxSize(int maxSize) {
		this.file.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.file.writeQueueFull();
	}

	@Override
	public long writeQueueSize() {
		return this.file.writeQueueSize();
	}

	@Override
	public PublishingWriteStream drainHandler(@Nullable Runnable handler) {
		this.file.drainHandler(handler);
		return this;
	}

	@Override
	public PublishingWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.file.exceptionHandler((handler != null) ? (failure) -> handler.accept(translate(failure)) : null);
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		CompletableFuture<Void> ended = this.file.flush()
			.thenCompose((contentWritten) -> endWithTrailer())
			.thenCompose((ignored) -> this.upload.publish());
		return ended.handle((ignored, failure) -> {
			if (failure != null) {
				this.upload.discard();
				throw new CompletionException(translate(unwrap(failure)));
			}
			return null;
		});
	}

	private CompletableFuture<Void> endWithTrailer() {
		// The trailer is not content: the observer stops before it is written.
		this.file.writeObserver(null);
		byte[] trailer = ObjectTrailer.encode(this.digest.sha256());
		this.file.write(DefaultDataBufferFactory.sharedInstance.wrap(trailer));
		return this.file.end();
	}

	@Override
	public void abort(Throwable cause) {
		this.file.abort(cause);
		this.upload.discard();
	}

	private static Throwable translate(Throwable failure) {
		if (failure instanceof StorageFullException || !StorageFullException.isStorageFull(failure)) {
			return failure;
		}
		return new StorageFullException(failure);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof UncheckedIOException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
