package dev.pump.demo.storage;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.file.AsyncFileWriteStream;

/**
 * Writes an object to a temporary file and publishes it on {@link #end()}: the trailer
 * with the digest, then the inner end (which forces the file to disk), then an atomic
 * rename over the object's path. {@link #abort(Throwable)} deletes the temporary file.
 * Errors that mean a full disk are reported as {@link StorageFullException}.
 */
final class PublishingWriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private final AsyncFileWriteStream file;

	private final FileSystemStorage.Upload upload;

	private final Supplier<String> sha256;

	PublishingWriteStream(AsyncFileWriteStream file, FileSystemStorage.Upload upload, Supplier<String> sha256) {
		this.file = file;
		this.upload = upload;
		this.sha256 = sha256;
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
		CompletableFuture<Void> ended;
		try {
			byte[] trailer = ObjectTrailer.encode(this.sha256.get());
			this.file.write(DefaultDataBufferFactory.sharedInstance.wrap(trailer));
			ended = this.file.end().thenCompose((ignored) -> this.upload.publish());
		}
		catch (RuntimeException ex) {
			ended = CompletableFuture.failedFuture(ex);
		}
		return ended.handle((ignored, failure) -> {
			if (failure != null) {
				this.upload.discard();
				throw new CompletionException(translate(unwrap(failure)));
			}
			return null;
		});
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
