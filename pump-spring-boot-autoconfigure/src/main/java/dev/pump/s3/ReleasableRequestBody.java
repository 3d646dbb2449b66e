package dev.pump.s3;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * The body of one request of an upload, whose bytes can be let go of once the request has
 * ended.
 * <p>
 * Why not {@code AsyncRequestBody.fromByteBuffersUnsafe} alone: the SDK's Netty client
 * keeps the context of the last request of a pooled connection, body included, until that
 * connection serves its next request. Measured with heap dumps of a 2 GiB upload, that
 * kept one acknowledged part (8 MiB) alive beyond the write queue per idle connection.
 * This body hands each subscription a fresh SDK body over its buffers and forgets them on
 * {@link #release()}, so what the connection keeps is an empty shell.
 */
final class ReleasableRequestBody implements AsyncRequestBody {

	private final long length;

	private volatile ByteBuffer @Nullable [] buffers;

	ReleasableRequestBody(ByteBuffer[] buffers) {
		this.buffers = buffers;
		long length = 0;
		for (ByteBuffer buffer : buffers) {
			length += buffer.remaining();
		}
		this.length = length;
	}

	/**
	 * Return the length of the body.
	 * @return the bytes
	 */
	long length() {
		return this.length;
	}

	@Override
	public Optional<Long> contentLength() {
		return Optional.of(this.length);
	}

	@Override
	public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
		ByteBuffer[] buffers = this.buffers;
		if (buffers == null) {
			// Only a retry after the request has ended could get here.
			Mono.<ByteBuffer>error(new IllegalStateException("The body of this request has been released"))
				.subscribe(subscriber);
			return;
		}
		AsyncRequestBody.fromByteBuffersUnsafe(buffers).subscribe(subscriber);
	}

	/**
	 * Let go of the bytes: the request has ended.
	 */
	void release() {
		this.buffers = null;
	}

}
