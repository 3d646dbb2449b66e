package dev.pump.buffer;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import dev.pump.WriteStream;
import dev.pump.test.TrackingDataBufferFactory;
import dev.pump.test.WriteStreamContractTests;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link DataBufferWriteStream} against the write stream contract, subscribed by a test
 * subscriber that requests nothing until the destination starts, then everything; it
 * releases what it receives, as a server does once written. The output is complete only
 * once the subscriber received {@code onComplete}.
 */
class DataBufferWriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private final Receiver receiver = new Receiver();

	@Override
	protected WriteStream<DataBuffer> createWriteStream() {
		DataBufferWriteStream stream = DataBufferWriteStream.create();
		stream.subscribe(this.receiver);
		return stream;
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected void startDestination() {
		this.receiver.request(Long.MAX_VALUE);
	}

	@Override
	protected Optional<byte[]> output() {
		return this.receiver.output();
	}

	@Override
	protected boolean failDestination() {
		// A client that goes away: the subscriber cancels.
		this.receiver.cancel();
		return true;
	}

	private static final class Receiver extends BaseSubscriber<DataBuffer> {

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private volatile boolean completed;

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			// Held: nothing requested until the destination starts.
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			synchronized (this.received) {
				this.received.writeBytes(TrackingDataBufferFactory.bytes(buffer));
			}
			DataBufferUtils.release(buffer);
		}

		@Override
		protected void hookOnComplete() {
			this.completed = true;
		}

		@Override
		protected void hookOnError(Throwable failure) {
			// What an aborted stream signals: the output is not complete.
		}

		Optional<byte[]> output() {
			synchronized (this.received) {
				return this.completed ? Optional.of(this.received.toByteArray()) : Optional.empty();
			}
		}

	}

}
