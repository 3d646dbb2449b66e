package dev.pump.benchmarks.jmh;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.CoreSubscriber;

/**
 * The plain Reactor way to move buffers with flow control: a subscriber that requests
 * what fits in the write queue, writes each buffer, and requests the next batch when the
 * queue drains. No pump, no life cycle, no byte counter of its own.
 */
final class ReactorLoop implements CoreSubscriber<DataBuffer> {

	private final CountingWriteStream destination;

	private final long batch;

	private @Nullable Subscription subscription;

	private boolean done;

	ReactorLoop(CountingWriteStream destination, long batch) {
		this.destination = destination;
		this.batch = batch;
		destination.drainHandler(this::requestBatch);
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		subscription.request(this.batch);
	}

	@Override
	public void onNext(DataBuffer buffer) {
		this.destination.write(buffer);
	}

	@Override
	public void onError(Throwable failure) {
		this.done = true;
	}

	@Override
	public void onComplete() {
		this.done = true;
		this.destination.end();
	}

	boolean isDone() {
		return this.done;
	}

	private void requestBatch() {
		Subscription current = this.subscription;
		if (current != null) {
			current.request(this.batch);
		}
	}

}
