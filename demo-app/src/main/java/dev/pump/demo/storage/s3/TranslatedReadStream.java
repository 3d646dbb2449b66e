package dev.pump.demo.storage.s3;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;

import dev.pump.ReadStream;
import dev.pump.demo.storage.NoSuchObjectException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.s3.S3ObjectChangedException;
import dev.pump.s3.S3ObjectNotFoundException;

/**
 * The library's download stream, whose failures for a deleted or replaced object become
 * the storage's {@link NoSuchObjectException}.
 */
final class TranslatedReadStream implements ReadStream<DataBuffer> {

	private final ReadStream<DataBuffer> download;

	private final ObjectKey key;

	TranslatedReadStream(ReadStream<DataBuffer> download, ObjectKey key) {
		this.download = download;
		this.key = key;
	}

	@Override
	public TranslatedReadStream handler(@Nullable Consumer<DataBuffer> handler) {
		this.download.handler(handler);
		return this;
	}

	@Override
	public TranslatedReadStream pause() {
		this.download.pause();
		return this;
	}

	@Override
	public TranslatedReadStream resume() {
		this.download.resume();
		return this;
	}

	@Override
	public TranslatedReadStream endHandler(@Nullable Runnable handler) {
		this.download.endHandler(handler);
		return this;
	}

	@Override
	public TranslatedReadStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.download.exceptionHandler((handler != null) ? (failure) -> handler.accept(translate(failure)) : null);
		return this;
	}

	@Override
	public void cancel() {
		this.download.cancel();
	}

	private Throwable translate(Throwable failure) {
		if (failure instanceof S3ObjectNotFoundException || failure instanceof S3ObjectChangedException) {
			return new NoSuchObjectException(this.key);
		}
		return failure;
	}

}
