package dev.pump;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The pump: a life-cycle state and a "paused by flow control" flag, both changed by
 * compare-and-set so that items, drains and failures may arrive on different threads
 * without a lock.
 *
 * <p>
 * Pausing sets the flag only after {@code readStream.pause()}, then checks the queue
 * again: a drain that raced with the pause either finds the flag set and resumes, or the
 * check finds the queue no longer full and resumes. Exactly one of them wins the flag, so
 * the read stream is resumed once and never left paused.
 *
 * @param <T> the type of items
 */
class DefaultPump<T> implements Pump {

	private static final int NEW = 0;

	private static final int STARTED = 1;

	private static final int STOPPED = 2;

	private static final int ENDING = 3;

	private static final int DONE = 4;

	private static final VarHandle BYTES_PUMPED;

	static {
		try {
			BYTES_PUMPED = MethodHandles.lookup().findVarHandle(DefaultPump.class, "bytesPumped", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ReadStream<T> readStream;

	private final WriteStream<T> writeStream;

	private final PumpObserver observer;

	private final AtomicInteger state = new AtomicInteger(NEW);

	private final AtomicBoolean pausedByFlow = new AtomicBoolean();

	private final CompletableFuture<Long> result = new CompletableFuture<>();

	private final Consumer<T> itemHandler = this::onItem;

	private final Runnable drainHandler = this::onDrain;

	private final Runnable endHandler = this::onEnd;

	private final Consumer<Throwable> readFailureHandler = this::onReadFailure;

	private final Consumer<Throwable> writeFailureHandler = this::onWriteFailure;

	// Written by the one thread that delivers items at a time, read by any: a release
	// store is enough for readers and spares the full fence of a volatile write per item.
	private volatile long bytesPumped;

	private volatile long pauseCount;

	DefaultPump(ReadStream<T> readStream, WriteStream<T> writeStream, PumpObserver observer) {
		this.readStream = Objects.requireNonNull(readStream, "readStream");
		this.writeStream = Objects.requireNonNull(writeStream, "writeStream");
		this.observer = Objects.requireNonNull(observer, "observer");
	}

	@Override
	public Pump setWriteQueueMaxSize(int maxSize) {
		this.writeStream.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public Pump start() {
		int previous = this.state.get();
		while (previous == NEW || previous == STOPPED) {
			if (this.state.compareAndSet(previous, STARTED)) {
				attach(previous == NEW);
				return this;
			}
			previous = this.state.get();
		}
		return this;
	}

	private void attach(boolean first) {
		if (first) {
			this.observer.started(this);
		}
		this.writeStream.exceptionHandler(this.writeFailureHandler);
		this.writeStream.drainHandler(this.drainHandler);
		this.readStream.exceptionHandler(this.readFailureHandler);
		this.readStream.endHandler(this.endHandler);
		this.readStream.handler(this.itemHandler);
		// The queue may have drained while the pump was stopped: nobody heard the drain.
		if (this.pausedByFlow.get() && !this.writeStream.writeQueueFull()) {
			onDrain();
		}
	}

	@Override
	public Pump stop() {
		if (this.state.compareAndSet(STARTED, STOPPED)) {
			this.readStream.handler(null);
			this.writeStream.drainHandler(null);
		}
		return this;
	}

	@Override
	public long bytesPumped() {
		return this.bytesPumped;
	}

	@Override
	public boolean isPaused() {
		return this.pausedByFlow.get();
	}

	/**
	 * Return how many times flow control paused the read stream.
	 * @return the number of pauses
	 */
	long pauseCount() {
		return this.pauseCount;
	}

	/**
	 * Whether the pump has finished, whatever the outcome.
	 * @return {@code true} once finished
	 */
	boolean isFinished() {
		return this.result.isDone();
	}

	@Override
	public Mono<Long> completion() {
		return Mono.create((sink) -> {
			sink.onCancel(this::cancel);
			this.result.whenComplete((bytes, failure) -> {
				if (failure != null) {
					sink.error(failure);
				}
				else {
					sink.success(bytes);
				}
			});
		});
	}

	@Override
	public void cancel() {
		if (terminate()) {
			CancellationException cause = new CancellationException("Pump cancelled");
			this.readStream.cancel();
			this.writeStream.abort(cause);
			finish(PumpOutcome.CANCELLED, cause);
		}
	}

	private void onItem(T item) {
		// Counted first: the write stream owns the item and may release it at once.
		BYTES_PUMPED.setRelease(this, (long) BYTES_PUMPED.getOpaque(this) + ItemSizes.of(item));
		try {
			this.writeStream.write(item);
		}
		catch (RuntimeException ex) {
			onWriteFailure(ex);
			return;
		}
		if (this.writeStream.writeQueueFull() && !this.pausedByFlow.get()) {
			pauseForDrain();
		}
	}

	private void pauseForDrain() {
		this.readStream.pause();
		this.pauseCount = this.pauseCount + 1;
		this.observer.paused(this);
		this.pausedByFlow.set(true);
		if (!this.writeStream.writeQueueFull()) {
			onDrain();
		}
	}

	private void onDrain() {
		if (this.state.get() == STARTED && this.pausedByFlow.compareAndSet(true, false)) {
			this.observer.resumed(this);
			this.readStream.resume();
		}
	}

	private void onEnd() {
		if (!this.state.compareAndSet(STARTED, ENDING) && !this.state.compareAndSet(STOPPED, ENDING)) {
			return;
		}
		this.writeStream.drainHandler(null);
		this.observer.ending(this);
		CompletableFuture<Void> ended;
		try {
			ended = this.writeStream.end();
		}
		catch (RuntimeException ex) {
			ended = CompletableFuture.failedFuture(ex);
		}
		ended.whenComplete((ignored, failure) -> {
			if (failure != null) {
				onWriteFailure(unwrap(failure));
			}
			else if (this.state.compareAndSet(ENDING, DONE)) {
				this.pausedByFlow.set(false);
				finish(PumpOutcome.SUCCESS, null);
			}
		});
	}

	private void onReadFailure(Throwable failure) {
		if (terminate()) {
			this.writeStream.abort(failure);
			finish(PumpOutcome.FAILURE, new PumpException(PumpException.Side.READ, failure));
		}
	}

	private void onWriteFailure(Throwable failure) {
		if (terminate()) {
			this.readStream.cancel();
			// Releases what the write stream still queues and undoes partial output.
			this.writeStream.abort(failure);
			finish(PumpOutcome.FAILURE, new PumpException(PumpException.Side.WRITE, failure));
		}
	}

	private boolean terminate() {
		int current = this.state.get();
		while (current != DONE) {
			if (this.state.compareAndSet(current, DONE)) {
				this.pausedByFlow.set(false);
				return true;
			}
			current = this.state.get();
		}
		return false;
	}

	private void finish(PumpOutcome outcome, @Nullable Throwable failure) {
		this.observer.finished(this, outcome, failure);
		if (failure != null) {
			this.result.completeExceptionally(failure);
		}
		else {
			this.result.complete(this.bytesPumped);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
