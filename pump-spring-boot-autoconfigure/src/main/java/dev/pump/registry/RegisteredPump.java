package dev.pump.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import dev.pump.Pump;
import dev.pump.PumpObserver;
import dev.pump.PumpOutcome;
import dev.pump.PumpState;
import dev.pump.ReadStream;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A core {@link Pump} with a name and an id: the {@link PumpObserver} of its pump, it
 * reports the pump's life to a {@link PumpListener} (the {@link PumpRegistry}). The state
 * is the core pump's own; nothing is added to the path of an item: bytes and the paused
 * flag are read from the pump when asked, and only life-cycle events (start, pause,
 * resume, finish) reach the registry. Its {@link PumpBandwidth} paces the core pump.
 */
final class RegisteredPump implements ManagedPump, PumpObserver {

	private static final long UNKNOWN = -1;

	private static final VarHandle PAUSE_COUNT;

	static {
		try {
			PAUSE_COUNT = MethodHandles.lookup().findVarHandle(RegisteredPump.class, "pauseCount", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String name;

	private final String id;

	private final PumpRegistry registry;

	private final WriteStream<?> writeStream;

	private final PumpBandwidth bandwidth;

	private final Pump pump;

	// Registries and meters keep pumps in hash sets. An identity hash code is made by a
	// call into the VM the first time it is asked (3% of a metered transfer's fixed
	// cost); a random one, fixed at creation, spreads as well.
	private final int hashCode = ThreadLocalRandom.current().nextInt();

	private volatile ContextView context = Context.empty();

	private volatile long expectedBytes = UNKNOWN;

	private volatile long resumedBytes;

	private volatile @Nullable Instant started;

	private volatile long startedNanos;

	// Pauses happen on the thread that delivers items, one at a time: a release store is
	// enough for readers and spares a full fence per pause.
	private volatile long pauseCount;

	private volatile @Nullable PumpSnapshot finalSnapshot;

	// The registry's listeners of pauses when this pump was registered, as a listener
	// added later hears only pumps registered after it: asked at every pause and resume,
	// so one field here rather than a walk through the registry (7% of a managed pump's
	// time in PumpBenchmark at 64 KiB, a pause every four buffers).
	private volatile PauseListeners pauseListeners = PauseListeners.NONE;

	private final PumpAttributes attributes = new PumpAttributes();

	<T> RegisteredPump(String name, String id, PumpRegistry registry, PumpBandwidth bandwidth, ReadStream<T> readStream,
			WriteStream<T> writeStream) {
		this.name = name;
		this.id = id;
		this.registry = registry;
		this.writeStream = writeStream;
		this.bandwidth = bandwidth;
		this.pump = Pump.pump(readStream, writeStream, this, bandwidth);
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
		return this.pump.state();
	}

	@Override
	public long pauseCount() {
		return this.pauseCount;
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
	public ManagedPump resumedFrom(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("Resumed bytes must not be negative: " + bytes);
		}
		this.resumedBytes = bytes;
		return this;
	}

	@Override
	public long resumedBytes() {
		return this.resumedBytes;
	}

	@Override
	public OptionalLong bytesPerSecondLimit() {
		long limit = this.bandwidth.bytesPerSecond();
		return (limit > 0) ? OptionalLong.of(limit) : OptionalLong.empty();
	}

	@Override
	public ManagedPump limitBytesPerSecond(long bytesPerSecond) {
		this.bandwidth.limit(bytesPerSecond);
		return this;
	}

	@Override
	public Mono<Long> run() {
		return Mono.deferContextual((contextView) -> start(contextView).completion());
	}

	@Override
	public ManagedPump start(ContextView context) {
		if (state() == PumpState.NEW) {
			this.context = context;
		}
		return start();
	}

	@Override
	public ContextView context() {
		return this.context;
	}

	@Override
	public ManagedPump setWriteQueueMaxSize(int maxSize) {
		this.pump.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public ManagedPump start() {
		this.pump.start();
		return this;
	}

	@Override
	public ManagedPump stop() {
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
	public <T> @Nullable T attribute(PumpAttribute<T> key) {
		return this.attributes.get(key);
	}

	@Override
	public <T> @Nullable T attribute(PumpAttribute<T> key, @Nullable T value) {
		return this.attributes.set(key, value);
	}

	@Override
	public PumpSnapshot snapshot() {
		PumpSnapshot last = this.finalSnapshot;
		if (last != null) {
			return last;
		}
		return new PumpSnapshot(this.name, this.id, state(), bytesPumped(), isPaused(), pauseCount(), writeQueueSize(),
				this.started, expected(), this.resumedBytes, null, null, null, null, limit());
	}

	private @Nullable Long limit() {
		long limit = this.bandwidth.bytesPerSecond();
		return (limit > 0) ? limit : null;
	}

	private @Nullable Long expected() {
		long bytes = this.expectedBytes;
		return (bytes >= 0) ? bytes : null;
	}

	@Override
	public void started(Pump pump) {
		long now = System.nanoTime();
		this.startedNanos = now;
		this.started = this.registry.startClock().instantAt(now);
		this.pauseListeners = this.registry.pauseListeners();
		this.registry.registered(this);
	}

	@Override
	public void paused(Pump pump) {
		long pauses = (long) PAUSE_COUNT.getOpaque(this) + 1;
		PAUSE_COUNT.setRelease(this, pauses);
		PauseListeners listeners = this.pauseListeners;
		if (listeners.hearsPause(pauses)) {
			listeners.paused(this);
		}
	}

	@Override
	public void resumed(Pump pump) {
		PauseListeners listeners = this.pauseListeners;
		if (listeners.hearsResume(this.pauseCount)) {
			listeners.resumed(this);
		}
	}

	@Override
	public void finished(Pump pump, PumpOutcome outcome, @Nullable Throwable failure) {
		this.bandwidth.close();
		PumpSnapshot last = finalSnapshot(outcome, failure);
		this.finalSnapshot = last;
		this.registry.finished(this, last, failure);
	}

	private PumpSnapshot finalSnapshot(PumpOutcome outcome, @Nullable Throwable failure) {
		Instant start = this.started;
		Duration duration = (start != null) ? Duration.ofNanos(System.nanoTime() - this.startedNanos) : Duration.ZERO;
		// The end is the start plus the duration, read from the monotonic clock: so that
		// the two agree, and one reading of the wall clock per transfer is enough.
		Instant end = (start != null) ? start.plus(duration) : this.registry.clock().instant();
		return new PumpSnapshot(this.name, this.id, this.pump.state(), bytesPumped(), false, pauseCount(), 0, start,
				expected(), this.resumedBytes, outcome, end, duration, message(failure), limit());
	}

	private static @Nullable String message(@Nullable Throwable failure) {
		if (failure == null) {
			return null;
		}
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return this.hashCode;
	}

	@Override
	public String toString() {
		return "Pump '" + this.name + "' (" + this.id + ")";
	}

}
