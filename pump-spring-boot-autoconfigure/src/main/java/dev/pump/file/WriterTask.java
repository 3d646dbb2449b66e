package dev.pump.file;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

import dev.pump.DrainLoop;

/**
 * Runs a stream's writing work on its writer executor, one run at a time: a
 * {@link DrainLoop} serialises the runs, and at most one task of this stream waits in the
 * writer's queue. Work that leaves something to do {@link #schedule() schedules} itself
 * again, at the back of the writer's queue, so that streams sharing a writer take turns.
 */
final class WriterTask implements Runnable {

	private static final AtomicIntegerFieldUpdater<WriterTask> SCHEDULED = AtomicIntegerFieldUpdater
		.newUpdater(WriterTask.class, "scheduled");

	private final Executor writer;

	private final DrainLoop loop;

	private final Consumer<RejectedExecutionException> rejected;

	// 1 while a task of this stream waits in the writer's queue.
	private volatile int scheduled;

	/**
	 * Create the task of one stream.
	 * @param writer the writer executor
	 * @param work the writing work; it must not throw
	 * @param rejected called when the writer rejects the task, on the thread that asked
	 * for it; the work then runs on that thread
	 */
	WriterTask(Executor writer, Runnable work, Consumer<RejectedExecutionException> rejected) {
		this.writer = writer;
		this.loop = new DrainLoop(work);
		this.rejected = rejected;
	}

	/**
	 * Have the work run on the writer, unless a task of this stream already waits there.
	 */
	void schedule() {
		if (SCHEDULED.getAndSet(this, 1) != 0) {
			return;
		}
		try {
			this.writer.execute(this);
		}
		catch (RejectedExecutionException ex) {
			// A writer that is shut down: the caller decides the failure, and this thread
			// runs the work that drops what is queued.
			this.scheduled = 0;
			this.rejected.accept(ex);
			this.loop.drain();
		}
	}

	@Override
	public void run() {
		// Cleared first: a request made while the work runs schedules a new task.
		this.scheduled = 0;
		this.loop.drain();
	}

}
