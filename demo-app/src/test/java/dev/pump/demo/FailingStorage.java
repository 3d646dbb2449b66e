package dev.pump.demo;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.StoredObject;

/**
 * A storage whose uploads fail with "No space left on device" once they reach a chosen
 * byte, as a full disk would: the write stream's exception handler gets the
 * {@link IOException}.
 */
class FailingStorage implements Storage {

	private final Storage storage;

	private final long failAtByte;

	private final AtomicInteger failures = new AtomicInteger();

	FailingStorage(Storage storage, long failAtByte) {
		this.storage = storage;
		this.failAtByte = failAtByte;
	}

	int failures() {
		return this.failures.get();
	}

	@Override
	public WriteStream<DataBuffer> openWrite(ObjectKey key, ContentDigest digest) throws IOException {
		return new FailingWriteStream(this.storage.openWrite(key, digest));
	}

	@Override
	public Mono<StoredObject> stat(ObjectKey key) {
		return this.storage.stat(key);
	}

	@Override
	public ReadStream<DataBuffer> openRead(StoredObject object, long position, long length) throws IOException {
		return this.storage.openRead(object, position, length);
	}

	@Override
	public Flux<StoredObject> list() {
		return this.storage.list();
	}

	@Override
	public Mono<Boolean> delete(ObjectKey key) {
		return this.storage.delete(key);
	}

	private final class FailingWriteStream implements WriteStream<DataBuffer> {

		private final WriteStream<DataBuffer> inner;

		private long written;

		private boolean failed;

		private volatile @Nullable Consumer<Throwable> exceptionHandler;

		FailingWriteStream(WriteStream<DataBuffer> inner) {
			this.inner = inner;
		}

		@Override
		public WriteStream<DataBuffer> write(DataBuffer item) {
			if (this.failed) {
				DataBufferUtils.release(item);
				return this;
			}
			this.written += item.readableByteCount();
			if (this.written < FailingStorage.this.failAtByte) {
				this.inner.write(item);
				return this;
			}
			DataBufferUtils.release(item);
			this.failed = true;
			FailingStorage.this.failures.incrementAndGet();
			Consumer<Throwable> handler = this.exceptionHandler;
			if (handler != null) {
				handler.accept(new IOException("No space left on device"));
			}
			return this;
		}

		@Override
		public WriteStream<DataBuffer> setWriteQueueMaxSize(int maxSize) {
			this.inner.setWriteQueueMaxSize(maxSize);
			return this;
		}

		@Override
		public boolean writeQueueFull() {
			return this.inner.writeQueueFull();
		}

		@Override
		public WriteStream<DataBuffer> drainHandler(@Nullable Runnable handler) {
			this.inner.drainHandler(handler);
			return this;
		}

		@Override
		public WriteStream<DataBuffer> exceptionHandler(@Nullable Consumer<Throwable> handler) {
			this.exceptionHandler = handler;
			this.inner.exceptionHandler(handler);
			return this;
		}

		@Override
		public CompletableFuture<Void> end() {
			return this.inner.end();
		}

		@Override
		public void abort(Throwable cause) {
			this.inner.abort(cause);
		}

	}

}
