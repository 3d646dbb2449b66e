package dev.pump;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link DefaultPump} with a name, an id and a state, that reports its life to a
 * {@link PumpRegistry}. Nothing is added to the path of an item: bytes and the paused
 * flag are read from the pump when asked, and only life-cycle events (start, pause,
 * resume, finish) reach the registry.
 *
 * @param <T> the type of items
 */
final class RegisteredPump<T> implements ManagedPump {

	private static final long UNKNOWN = -1;

	private final String name;

	private final String id;

	private final PumpRegistry registry;

	private final WriteStream<T> writeStream;

	private final DefaultPump<T> pump;

	private final AtomicReference<PumpState> state = new AtomicReference<>(PumpState.NEW);

	private volatile long expectedBytes = UNKNOWN;

	private volatile @Nullable Instant started;

	private volatile long startedNanos;

	private volatile @Nullable PumpSnapshot finalSnapshot;

	RegisteredPump(String name, String id, PumpRegistry registry, ReadStream<T> readStream,
			WriteStream<T> writeStream) {
		this.name = name;
		this.id = id;
		this.registry = registry;
		this.writeStream = writeStream;
		this.pump = new DefaultPump<>(readStream, writeStream, new Observer());
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public PumpState state() {
		PumpState current = this.state.get();
		return (current == PumpState.RUNNING && this.pump.isPaused()) ? PumpState.PAUSED : current;
	}

	@Override
	public long pauseCount() {
		return this.pump.pauseCount();
	}

	@Override
	public long writeQueueSize() {
		return (this.writeStream instanceof WriteQueueSize queue) ? queue.writeQueueSize() : 0;
	}

	@Override
	public @Nullable Instant started() {
		return this.started;
	}

	@Override
	public ManagedPump expectedBytes(long bytes) {
		this.expectedBytes = (bytes >= 0) ? bytes : UNKNOWN;
		return this;
	}

	@Override
	public OptionalLong expectedBytes() {
		long bytes = this.expectedBytes;
		return (bytes >= 0) ? OptionalLong.of(bytes) : OptionalLong.empty();
	}

	@Override
	public ManagedPump setWriteQueueMaxSize(int maxSize) {
		this.pump.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public ManagedPump start() {
		// Set before the pump starts: a pump whose source has already ended may finish
		// inside start(), and the final state must win.
		this.state.getAndUpdate((s) -> (s == PumpState.NEW || s == PumpState.STOPPED) ? PumpState.RUNNING : s);
		this.pump.start();
		return this;
	}

	@Override
	public ManagedPump stop() {
		this.state.getAndUpdate((s) -> (s == PumpState.RUNNING) ? PumpState.STOPPED : s);
		this.pump.stop();
		return this;
	}

	@Override
	public long bytesPumped() {
		return this.pump.bytesPumped();
	}

	@Override
	public boolean isPaused() {
		return this.pump.isPaused();
	}

	@Override
	public Mono<Long> completion() {
		return this.pump.completion();
	}

	@Override
	public void cancel() {
		this.pump.cancel();
	}

	@Override
	public PumpSnapshot snapshot() {
		PumpSnapshot last = this.finalSnapshot;
		if (last != null) {
			return last;
		}
		return new PumpSnapshot(this.name, this.id, state(), bytesPumped(), isPaused(), pauseCount(), writeQueueSize(),
				this.started, expected(), null, null, null, null);
	}

	private @Nullable Long expected() {
		long bytes = this.expectedBytes;
		return (bytes >= 0) ? bytes : null;
	}

	private PumpSnapshot finalSnapshot(PumpOutcome outcome, @Nullable Throwable failure) {
		Instant start = this.started;
		Duration duration = (start != null) ? Duration.ofNanos(System.nanoTime() - this.startedNanos) : Duration.ZERO;
		return new PumpSnapshot(this.name, this.id, PumpState.of(outcome), bytesPumped(), false, pauseCount(), 0, start,
				expected(), outcome, this.registry.now(), duration, message(failure));
	}

	private static @Nullable String message(@Nullable Throwable failure) {
		if (failure == null) {
			return null;
		}
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName();
	}

	@Override
	public String toString() {
		return "Pump '" + this.name + "' (" + this.id + ")";
	}

	/**
	 * Hears the pump's events and passes them to the registry.
	 */
	private final class Observer implements PumpObserver {

		@Override
		public void started(Pump pump) {
			RegisteredPump<T> self = RegisteredPump.this;
			self.startedNanos = System.nanoTime();
			self.started = self.registry.now();
			self.registry.register(self);
		}

		@Override
		public void paused(Pump pump) {
			RegisteredPump.this.registry.paused(RegisteredPump.this);
		}

		@Override
		public void resumed(Pump pump) {
			RegisteredPump.this.registry.resumed(RegisteredPump.this);
		}

		@Override
		public void ending(Pump pump) {
			RegisteredPump.this.state.getAndUpdate((s) -> s.isFinished() ? s : PumpState.ENDING);
		}

		@Override
		public void finished(Pump pump, PumpOutcome outcome, @Nullable Throwable failure) {
			RegisteredPump<T> self = RegisteredPump.this;
			PumpSnapshot last = self.finalSnapshot(outcome, failure);
			self.finalSnapshot = last;
			self.state.set(last.state());
			self.registry.finished(self, last, failure);
		}

	}

}
