package dev.pump.file;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer lanes of {@link FileThreads}: a few daemon threads that write files for
 * {@link AsyncFileWriteStream}; each stream is given one {@link #next() lane} and its
 * tasks run there, in order.
 *
 * <p>
 * Written by hand, not Reactor's bounded elastic scheduler nor a
 * {@code ThreadPoolExecutor}: handing a task to those takes a lock and wakes a thread,
 * and many event loops handing off thousands of times per second then block each other
 * and lose their processor to the thread they woke. A lane is a lock-free queue whose
 * thread is woken only when it was idle; a busy lane takes new tasks for nothing.
 *
 * <p>
 * A lane runs short non-blocking-in-practice work: writes to the page cache and the
 * hashing an observer does beside them. Work that can block for long, such as forcing a
 * file to the device, does not belong here.
 */
final class FileWriterThreads {

	private final Lane[] lanes;

	private final AtomicInteger nextLane = new AtomicInteger();

	FileWriterThreads(int threads, String namePrefix) {
		if (threads <= 0) {
			throw new IllegalArgumentException("threads must be greater than zero: " + threads);
		}
		this.lanes = new Lane[threads];
		for (int i = 0; i < threads; i++) {
			this.lanes[i] = new Lane(namePrefix + (i + 1));
		}
	}

	/**
	 * Return the next lane, round robin.
	 * @return an executor that runs its tasks in order, on one thread
	 */
	Executor next() {
		return this.lanes[Math.floorMod(this.nextLane.getAndIncrement(), this.lanes.length)];
	}

	int size() {
		return this.lanes.length;
	}

	/**
	 * Return the tasks waiting in the lanes.
	 * @return the tasks
	 */
	int queued() {
		int queued = 0;
		for (Lane lane : this.lanes) {
			queued += lane.tasks.size();
		}
		return queued;
	}

	/**
	 * Return the lanes running tasks rather than waiting for one.
	 * @return the busy lanes
	 */
	int active() {
		int active = 0;
		for (Lane lane : this.lanes) {
			active += (lane.idle || !lane.thread.isAlive()) ? 0 : 1;
		}
		return active;
	}

	/**
	 * Stop taking tasks; the lanes run those already queued, then their threads end.
	 */
	void shutdown() {
		for (Lane lane : this.lanes) {
			lane.shutdown();
		}
	}

	/**
	 * Wait for the threads to end, after {@link #shutdown()}.
	 * @param nanos the longest wait
	 * @return whether every thread ended
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitTermination(long nanos) throws InterruptedException {
		long deadline = System.nanoTime() + nanos;
		for (Lane lane : this.lanes) {
			long left = deadline - System.nanoTime();
			if (left > 0) {
				lane.thread.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
			}
			if (lane.thread.isAlive()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether every thread has ended, after {@link #shutdown()}.
	 * @return {@code true} once terminated
	 */
	boolean isTerminated() {
		for (Lane lane : this.lanes) {
			if (lane.thread.isAlive()) {
				return false;
			}
		}
		return true;
	}

	private static final class Lane implements Executor, Runnable {

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final Thread thread;

		// True until the thread takes its first task, so that a new lane counts as idle.
		private volatile boolean idle = true;

		private volatile boolean shutdown;

		Lane(String name) {
			this.thread = new Thread(this, name);
			this.thread.setDaemon(true);
			this.thread.start();
		}

		@Override
		public void execute(Runnable task) {
			if (this.shutdown) {
				throw new RejectedExecutionException("The file writer lane is shut down");
			}
			this.tasks.offer(task);
			// The lane may have ended between the check and the offer: then the task is
			// still in the queue, and is rejected rather than lost.
			if (this.shutdown && this.tasks.remove(task)) {
				throw new RejectedExecutionException("The file writer lane is shut down");
			}
			// Pairs with run(): the lane publishes idle before its last look at the
			// queue, so either it sees this task or this sees it idle.
			if (this.idle) {
				LockSupport.unpark(this.thread);
			}
		}

		void shutdown() {
			this.shutdown = true;
			LockSupport.unpark(this.thread);
		}

		@Override
		public void run() {
			while (true) {
				Runnable task = this.tasks.poll();
				if (task != null) {
					if (this.idle) {
						this.idle = false;
					}
					runSafely(task);
					continue;
				}
				if (this.shutdown) {
					this.idle = true;
					return;
				}
				this.idle = true;
				if (this.tasks.isEmpty() && !this.shutdown) {
					LockSupport.park(this);
				}
				this.idle = false;
			}
		}

		private void runSafely(Runnable task) {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				// Tasks handle their own failures. One that escapes is reported as an
				// uncaught exception would be, and must not stop the lane.
				this.thread.getUncaughtExceptionHandler().uncaughtException(this.thread, ex);
			}
		}

	}

}
