package dev.pump.demo.storage;

import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.file.AtomicFileWriteStream;

/**
 * The library's {@link AtomicFileWriteStream} (temporary file, force, atomic rename,
 * nothing left on abort) plus what the service adds: the content digest, fed by the
 * file's write observer on the thread that writes the file, and the trailer with it,
 * written after the content and before the file is published. Errors that mean a full
 * disk are reported as {@link StorageFullException}, a key that clashes with the shape of
 * existing keys as {@link ObjectConflictException}.
 */
final class PublishingWriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private final AtomicFileWriteStream file;

	private final ContentDigest digest;

	PublishingWriteStream(AtomicFileWriteStream file, ContentDigest digest) {
		this.file = file;
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
		CompletableFuture<Void> ended = this.file.flush().thenCompose((contentWritten) -> endWithTrailer());
		return ended.handle((ignored, failure) -> {
			if (failure != null) {
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
	}

	private static Throwable translate(Throwable failure) {
		if (failure instanceof FileAlreadyExistsException || failure instanceof DirectoryNotEmptyException
				|| failure instanceof NotDirectoryException) {
			return new ObjectConflictException(failure);
		}
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
