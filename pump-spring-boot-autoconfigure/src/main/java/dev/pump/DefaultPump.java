package dev.pump;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The pump: one life-cycle {@link PumpState} and a set of holds on the read stream (flow
 * control, a {@link PumpThrottle}), both changed by compare-and-set so that items,
 * drains, throttle timers and failures may arrive on different threads without a lock.
 * The state is the only copy: managed pumps and endpoints read it through
 * {@link #state()}.
 *
 * <p>
 * The read stream is paused while any of its {@link ReadHolds} is set. After setting the
 * flow control hold, the pump checks the queue again: a drain that raced with the pause
 * either finds the hold set and lifts it, or the check finds the queue no longer full and
 * lifts it.
 *
 * <p>
 * The throttle is asked only when its budget is spent: one subtraction per item.
 *
 * @param <T> the type of items
 */
final class DefaultPump<T> extends ReadHolds implements Pump {

	private static final VarHandle BYTES_PUMPED;

	private static final VarHandle STATE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			BYTES_PUMPED = lookup.findVarHandle(DefaultPump.class, "bytesPumped", long.class);
			STATE = lookup.findVarHandle(DefaultPump.class, "state", PumpState.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ReadStream<T> readStream;

	private final WriteStream<T> writeStream;

	private final PumpObserver observer;

	private final PumpThrottle throttle;

	private final CompletableFuture<Long> result = new CompletableFuture<>();

	private final Consumer<T> itemHandler = this::onItem;

	private final Runnable drainHandler = this::onDrain;

	private final Runnable endHandler = this::onEnd;

	private final Consumer<Throwable> readFailureHandler = this::onReadFailure;

	private final Consumer<Throwable> writeFailureHandler = this::onWriteFailure;

	private final Runnable throttleLifted = this::onThrottleLifted;

	private final ClassSizer sizer = new ClassSizer();

	// Never PAUSED: that is RUNNING with the FLOW hold set, see state().
	private volatile PumpState state = PumpState.NEW;

	// Budget of the throttle: plain fields of the one thread that delivers items at a
	// time.
	private long granted;

	private long credit;

	// Written by the one thread that delivers items at a time, read by any: a release
	// store is enough for readers and spares the full fence of a volatile write per item.
	private volatile long bytesPumped;

	DefaultPump(ReadStream<T> readStream, WriteStream<T> writeStream, PumpObserver observer, PumpThrottle throttle) {
		super(Objects.requireNonNull(readStream, "readStream"));
		this.readStream = readStream;
		this.writeStream = Objects.requireNonNull(writeStream, "writeStream");
		this.observer = Objects.requireNonNull(observer, "observer");
		this.throttle = Objects.requireNonNull(throttle, "throttle");
	}

	@Override
	public Pump setWriteQueueMaxSize(int maxSize) {
		this.writeStream.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public Pump start() {
		PumpState previous = this.state;
		while (previous == PumpState.NEW || previous == PumpState.STOPPED) {
			if (STATE.compareAndSet(this, previous, PumpState.RUNNING)) {
				attach(previous == PumpState.NEW);
				return this;
			}
			previous = this.state;
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
		if (isPaused() && !this.writeStream.writeQueueFull()) {
			onDrain();
		}
	}

	@Override
	public Pump stop() {
		if (STATE.compareAndSet(this, PumpState.RUNNING, PumpState.STOPPED)) {
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
		return isHeld(FLOW);
	}

	@Override
	public PumpState state() {
		PumpState current = this.state;
		return (current == PumpState.RUNNING && isPaused()) ? PumpState.PAUSED : current;
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
		if (terminate(PumpState.CANCELLED)) {
			CancellationException cause = new CancellationException("Pump cancelled");
			this.readStream.cancel();
			this.writeStream.abort(cause);
			finish(PumpOutcome.CANCELLED, cause);
		}
	}

	private void onItem(T item) {
		// Counted first: the write stream owns the item and may release it at once.
		long size = this.sizer.sizeOf(item);
		BYTES_PUMPED.setRelease(this, (long) BYTES_PUMPED.getOpaque(this) + size);
		try {
			this.writeStream.write(item);
		}
		catch (RuntimeException ex) {
			onWriteFailure(ex);
			return;
		}
		if (this.writeStream.writeQueueFull() && !isPaused()) {
			pauseForDrain();
		}
		if ((this.credit -= size) <= 0) {
			askThrottle();
		}
	}

	private void pauseForDrain() {
		hold(FLOW);
		this.observer.paused(this);
		if (!this.writeStream.writeQueueFull()) {
			onDrain();
		}
	}

	private void onDrain() {
		if (this.state == PumpState.RUNNING) {
			int left = lift(FLOW);
			if (left >= 0) {
				this.observer.resumed(this);
				resumeUnlessHeld(left);
			}
		}
	}

	private void askThrottle() {
		long budget = this.throttle.acquire(this.granted - this.credit, this.throttleLifted);
		this.granted = Math.max(budget, 0);
		this.credit = this.granted;
		if (budget <= 0) {
			hold(THROTTLE);
		}
	}

	private void onThrottleLifted() {
		if (!this.state.isFinished()) {
			resumeUnlessHeld(lift(THROTTLE));
		}
	}

	private void onEnd() {
		if (!STATE.compareAndSet(this, PumpState.RUNNING, PumpState.ENDING)
				&& !STATE.compareAndSet(this, PumpState.STOPPED, PumpState.ENDING)) {
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
			else if (STATE.compareAndSet(this, PumpState.ENDING, PumpState.SUCCEEDED)) {
				clearHolds();
				finish(PumpOutcome.SUCCESS, null);
			}
		});
	}

	private void onReadFailure(Throwable failure) {
		if (terminate(PumpState.FAILED)) {
			this.writeStream.abort(failure);
			finish(PumpOutcome.FAILURE, new PumpException(PumpException.Side.READ, failure));
		}
	}

	private void onWriteFailure(Throwable failure) {
		if (terminate(PumpState.FAILED)) {
			this.readStream.cancel();
			// Releases what the write stream still queues and undoes partial output.
			this.writeStream.abort(failure);
			finish(PumpOutcome.FAILURE, new PumpException(PumpException.Side.WRITE, failure));
		}
	}

	private boolean terminate(PumpState finalState) {
		PumpState current = this.state;
		while (!current.isFinished()) {
			if (STATE.compareAndSet(this, current, finalState)) {
				clearHolds();
				return true;
			}
			current = this.state;
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
