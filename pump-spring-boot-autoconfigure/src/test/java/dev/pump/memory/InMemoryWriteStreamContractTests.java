package dev.pump.memory;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.test.TrackingDataBufferFactory;
import dev.pump.test.WriteStreamContractTests;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link InMemoryWriteStream} of buffers against the write stream contract. The
 * destination is a thread that takes what is queued, once started.
 */
class InMemoryWriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private final ScheduledExecutorService taker = Executors.newSingleThreadScheduledExecutor();

	private final ByteArrayOutputStream taken = new ByteArrayOutputStream();

	private InMemoryWriteStream<DataBuffer> stream;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() {
		this.stream = new InMemoryWriteStream<>(DataBufferUtils::release);
		return this.stream;
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes); // tracked: each must be released once
	}

	@Override
	protected void startDestination() { // held until now: the queue can fill
		this.taker.scheduleWithFixedDelay(this::takeAll, 0, 1, TimeUnit.MILLISECONDS);
	}

	@Override
	protected Optional<byte[]> output() { // the complete output, or empty (none, undone)
		synchronized (this.taken) {
			return this.stream.isEnded() ? Optional.of(this.taken.toByteArray()) : Optional.empty();
		}
	}

	@Override
	protected boolean failDestination() {
		this.stream.fail(new IllegalStateException("destination failed on purpose"));
		return true;
	}

	@Override
	protected void stopDestination() {
		this.taker.shutdownNow();
	}

	// Under the lock of the output: take() completes end() with the last item, before
	// its bytes are appended.
	private void takeAll() {
		synchronized (this.taken) {
			for (DataBuffer item = this.stream.take(); item != null; item = this.stream.take()) {
				this.taken.writeBytes(TrackingDataBufferFactory.bytes(item));
				DataBufferUtils.release(item);
			}
		}
	}

}
