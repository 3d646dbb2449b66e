package dev.pump.demo.storage.s3;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.s3.S3WriteStream;

/**
 * The library's {@link S3WriteStream} plus what the service adds: the content digest, fed
 * with every buffer before the upload takes it, and its {@link DigestPublication}.
 */
final class DigestingS3WriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private final S3WriteStream upload;

	private final ContentDigest digest;

	private final DigestPublication publication;

	DigestingS3WriteStream(S3WriteStream upload, ContentDigest digest, DigestPublication publication) {
		this.upload = upload;
		this.digest = digest;
		this.publication = publication;
	}

	@Override
	public DigestingS3WriteStream write(DataBuffer item) {
		try (DataBuffer.ByteBufferIterator buffers = item.readableByteBuffers()) {
			buffers.forEachRemaining(this.digest::update);
		}
		this.upload.write(item);
		return this;
	}

	@Override
	public DigestingS3WriteStream setWriteQueueMaxSize(int maxSize) {
		this.upload.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.upload.writeQueueFull();
	}

	@Override
	public long writeQueueSize() {
		return this.upload.writeQueueSize();
	}

	@Override
	public DigestingS3WriteStream drainHandler(@Nullable Runnable handler) {
		this.upload.drainHandler(handler);
		return this;
	}

	@Override
	public DigestingS3WriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.upload.exceptionHandler(handler);
		return this;
	}

	@Override
	public CompletableFuture<Void> end() {
		return this.upload.end().whenComplete((ignored, failure) -> {
			if (failure == null) {
				this.publication.published();
			}
			else {
				this.publication.discard();
			}
		});
	}

	@Override
	public void abort(Throwable cause) {
		this.upload.abort(cause);
		this.publication.discard();
	}

}
