package dev.pump.demo.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.pump.ReadStream;
import dev.pump.WriteStream;

/**
 * A storage that writes no faster than a given rate, so that anyone can watch
 * backpressure at work: the write queue fills, the pump pauses the upload, and resumes it
 * once the queue has drained to half. Each upload gets the full rate.
 */
public class ThrottledStorage implements Storage, DisposableBean {

	private final Storage storage;

	private final long bytesPerSecond;

	private final ScheduledExecutorService scheduler;

	/**
	 * Create a throttled storage.
	 * @param storage the storage to throttle
	 * @param ratePerSecond how many bytes each upload may write per second
	 */
	public ThrottledStorage(Storage storage, DataSize ratePerSecond) {
		if (ratePerSecond.toBytes() <= 0) {
			throw new IllegalArgumentException("Throttle must be positive: " + ratePerSecond);
		}
		this.storage = storage;
		this.bytesPerSecond = ratePerSecond.toBytes();
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "storage-throttle");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public WriteStream<DataBuffer> openWrite(ObjectKey key, ContentDigest digest) throws IOException {
		return new ThrottledWriteStream(this.storage.openWrite(key, digest), this.bytesPerSecond, this.scheduler);
	}

	@Override
	public boolean publishFile(ObjectKey key, Path file, String sha256) throws IOException {
		// A move writes nothing: there is nothing to throttle.
		return this.storage.publishFile(key, file, sha256);
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
	public @Nullable FileChannel openFile(StoredObject object) throws IOException {
		return this.storage.openFile(object);
	}

	@Override
	public Flux<StoredObject> list() {
		return this.storage.list();
	}

	@Override
	public Mono<Boolean> delete(ObjectKey key) {
		return this.storage.delete(key);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
