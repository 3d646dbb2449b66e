package dev.pump.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An {@link Executor} that holds the tasks it is given until {@link #start()}, then runs
 * them, and every later one, on a thread of its own: a writer thread a test can hold, so
 * that a write stream's queue fills as it would behind a slow device.
 * {@link WriteStreamContractTests} subclasses use it for a held destination.
 */
public final class HeldExecutor implements Executor, AutoCloseable {

	private final ExecutorService thread = Executors.newSingleThreadExecutor();

	private final List<Runnable> held = new ArrayList<>();

	private boolean started;

	@Override
	public synchronized void execute(Runnable task) {
		if (this.started) {
			this.thread.execute(task);
		}
		else {
			this.held.add(task);
		}
	}

	/**
	 * Run the held tasks, and every later task at once.
	 */
	public synchronized void start() {
		this.started = true;
		this.held.forEach(this.thread::execute);
		this.held.clear();
	}

	/**
	 * Stop the thread; tasks given after this are rejected.
	 */
	@Override
	public void close() {
		this.thread.shutdownNow();
	}

}
