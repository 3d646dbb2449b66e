package dev.pump.registry;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.pump.Pump;
import org.jspecify.annotations.Nullable;

/**
 * The pumps of a {@link DefaultPumpFactory}: the live ones (started, not finished) and a
 * bounded history of recently finished ones, with {@link PumpListener listeners} for
 * metrics and monitoring. Thread-safe.
 *
 * <p>
 * A pump enters {@link #live()} when it is first started and leaves it when it finishes,
 * whatever the outcome; its final {@link PumpSnapshot} then joins {@link #recent()},
 * where the oldest is dropped beyond the history size.
 *
 * <p>
 * The registry hears its pumps as an ordinary {@link PumpListener}: each managed pump
 * reports its events to it, and it passes them on to the listeners added here.
 */
public final class PumpRegistry implements PumpListener {

	/**
	 * Finished pumps kept by default.
	 */
	public static final int DEFAULT_HISTORY_SIZE = 100;

	private static final System.Logger logger = System.getLogger(PumpRegistry.class.getName());

	private static final Comparator<ManagedPump> BY_START = Comparator.comparing(ManagedPump::started,
			Comparator.nullsLast(Comparator.naturalOrder()));

	// A set of pumps, not a map by id: hashing a pump's 36-character id was 10% of a
	// managed transfer's fixed cost (PumpTransferBenchmark), and only the endpoint looks
	// a pump up by id, where a walk through the live pumps is cheap enough.
	private final Set<ManagedPump> live = ConcurrentHashMap.newKeySet();

	private final Deque<PumpSnapshot> recent = new ArrayDeque<>();

	// Copied on write, as a CopyOnWriteArrayList, but a plain array: events of pauses
	// come every few buffers, and iterating an array allocates no iterator.
	private volatile PumpListener[] listeners = new PumpListener[0];

	// The listeners of pauses and of resumes (see PumpListener.pauses): a call per pause
	// that nobody needs costs the pump, measured at a tenth of its cost per buffer when
	// it pauses every four.
	private volatile PauseListeners pauseListeners = PauseListeners.NONE;

	private final int historySize;

	private final Clock clock;

	private final StartClock startClock;

	/**
	 * Create a registry that keeps {@value #DEFAULT_HISTORY_SIZE} finished pumps.
	 */
	public PumpRegistry() {
		this(DEFAULT_HISTORY_SIZE);
	}

	/**
	 * Create a registry.
	 * @param historySize how many finished pumps to keep ({@code 0} for none)
	 */
	public PumpRegistry(int historySize) {
		this(historySize, Clock.systemUTC());
	}

	/**
	 * Create a registry with its own clock.
	 * @param historySize how many finished pumps to keep ({@code 0} for none)
	 * @param clock the clock of start and finish instants
	 */
	public PumpRegistry(int historySize, Clock clock) {
		if (historySize < 0) {
			throw new IllegalArgumentException("historySize must not be negative: " + historySize);
		}
		this.historySize = historySize;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.startClock = new StartClock(clock);
	}

	/**
	 * Return the live pumps: started and not finished, oldest first.
	 * @return the live pumps
	 */
	public List<ManagedPump> live() {
		List<ManagedPump> pumps = new ArrayList<>(this.live);
		pumps.sort(BY_START);
		return pumps;
	}

	/**
	 * Return the final views of recently finished pumps, newest first.
	 * @return the finished pumps
	 */
	public List<PumpSnapshot> recent() {
		synchronized (this.recent) {
			return new ArrayList<>(this.recent);
		}
	}

	/**
	 * Find a live pump, to watch or cancel it.
	 * @param id the id of the pump
	 * @return the pump, empty if unknown or finished
	 */
	public Optional<ManagedPump> find(String id) {
		Objects.requireNonNull(id, "id");
		for (ManagedPump pump : this.live) {
			if (pump.id().equals(id)) {
				return Optional.of(pump);
			}
		}
		return Optional.empty();
	}

	/**
	 * Return a view of a live or recently finished pump.
	 * @param id the id of the pump
	 * @return the snapshot, empty if unknown
	 */
	public Optional<PumpSnapshot> snapshot(String id) {
		return find(id).map(ManagedPump::snapshot)
			.or(() -> recent().stream().filter((snapshot) -> snapshot.id().equals(id)).findFirst());
	}

	/**
	 * Add a listener of the pumps' life-cycle events. It hears pumps registered from now
	 * on; of those already running ({@link #live()} tells them) it hears the finish, not
	 * the pauses.
	 * @param listener the listener
	 */
	public synchronized void addListener(PumpListener listener) {
		Objects.requireNonNull(listener, "listener");
		PumpListener[] current = this.listeners;
		PumpListener[] next = Arrays.copyOf(current, current.length + 1);
		next[current.length] = listener;
		this.listeners = next;
		sortListeners();
	}

	/**
	 * Remove a listener.
	 * @param listener the listener
	 */
	public synchronized void removeListener(PumpListener listener) {
		List<PumpListener> next = new ArrayList<>(Arrays.asList(this.listeners));
		if (next.remove(listener)) {
			this.listeners = next.toArray(new PumpListener[0]);
			sortListeners();
		}
	}

	private void sortListeners() {
		this.pauseListeners = new PauseListeners(this.listeners);
	}

	/**
	 * Return the listeners of pauses and resumes as they are now: a pump takes them when
	 * it is registered, and asks them at each of its pauses.
	 * @return the pause listeners
	 */
	PauseListeners pauseListeners() {
		return this.pauseListeners;
	}

	/**
	 * Return the clock of start and finish instants.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	StartClock startClock() {
		return this.startClock;
	}

	@Override
	public void registered(ManagedPump pump) {
		this.live.add(pump);
		notifyListeners((listener) -> listener.registered(pump));
	}

	@Override
	public void paused(ManagedPump pump) {
		this.pauseListeners.paused(pump);
	}

	@Override
	public void resumed(ManagedPump pump) {
		this.pauseListeners.resumed(pump);
	}

	@Override
	public void finished(ManagedPump pump, PumpSnapshot snapshot, @Nullable Throwable failure) {
		this.live.remove(pump);
		remember(snapshot);
		notifyListeners((listener) -> listener.finished(pump, snapshot, failure));
	}

	private void remember(PumpSnapshot snapshot) {
		if (this.historySize == 0) {
			return;
		}
		synchronized (this.recent) {
			this.recent.addFirst(snapshot);
			while (this.recent.size() > this.historySize) {
				this.recent.removeLast();
			}
		}
	}

	// A listener that throws must not break the pump that called it, nor other listeners.
	private void notifyListeners(Consumer<PumpListener> event) {
		for (PumpListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				failed(listener, ex);
			}
		}
	}

	static void failed(PumpListener listener, RuntimeException ex) {
		logger.log(Level.WARNING, "Pump listener " + listener + " failed", ex);
	}

}
