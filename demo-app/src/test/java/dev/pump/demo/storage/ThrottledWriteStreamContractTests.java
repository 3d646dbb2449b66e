package dev.pump.demo.storage;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.memory.InMemoryWriteStream;
import dev.pump.test.TrackingDataBufferFactory;
import dev.pump.test.WriteStreamContractTests;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link ThrottledWriteStream} against the write stream contract, over an in-memory inner
 * stream that a thread empties once the destination starts. The rate is high enough not
 * to slow the tests; while the destination is held, the inner stream takes up to its own
 * maximum (the throttle sets it to its own) before the throttle's queue fills.
 */
class ThrottledWriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private static final long BYTES_PER_SECOND = 1024L * 1024 * 1024;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final ScheduledExecutorService taker = Executors.newSingleThreadScheduledExecutor();

	private final InMemoryWriteStream<DataBuffer> inner = new InMemoryWriteStream<>(DataBufferUtils::release);

	private final ByteArrayOutputStream taken = new ByteArrayOutputStream();

	// Held, the destination is the throttle itself: its scheduler runs no hand-off until
	// the destination starts. (Holding only the inner stream raced: the throttle handed
	// a full queue on while the kit was still filling it, and drained before the start.)
	private final CountDownLatch started = new CountDownLatch(1);

	@Override
	protected WriteStream<DataBuffer> createWriteStream() {
		this.scheduler.execute(() -> {
			try {
				this.started.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return new ThrottledWriteStream(this.inner, BYTES_PER_SECOND, this.scheduler);
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected void startDestination() {
		this.started.countDown();
		this.taker.scheduleWithFixedDelay(this::takeAll, 0, 1, TimeUnit.MILLISECONDS);
	}

	@Override
	protected OptionalLong queuedBytes(WriteStream<DataBuffer> stream) {
		// The throttle reports what it holds with its inner stream (for the gauges); its
		// drain rule counts its own queue.
		return OptionalLong.of(((ThrottledWriteStream) stream).queuedHere());
	}

	@Override
	protected Optional<byte[]> output() {
		synchronized (this.taken) {
			return this.inner.isEnded() ? Optional.of(this.taken.toByteArray()) : Optional.empty();
		}
	}

	@Override
	protected boolean failDestination() {
		this.inner.fail(new IllegalStateException("inner stream failed on purpose"));
		return true;
	}

	@Override
	protected void stopDestination() {
		this.taker.shutdownNow();
		this.scheduler.shutdownNow();
	}

	// Under the lock of the output: take() completes the inner end() with the last item.
	private void takeAll() {
		synchronized (this.taken) {
			for (DataBuffer item = this.inner.take(); item != null; item = this.inner.take()) {
				this.taken.writeBytes(TrackingDataBufferFactory.bytes(item));
				DataBufferUtils.release(item);
			}
		}
	}

}
