package dev.pump.file;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A few daemon threads, one per processor, that write files for
 * {@link AsyncFileWriteStream}: each stream is given one {@link #next() lane} and its
 * tasks run there, in order.
 *
 * <p>
 * Why not Reactor's bounded elastic scheduler: handing a task to it takes a monitor and
 * wakes one of up to ten threads per processor, and many event loops handing off
 * thousands of times per second then block each other and lose their processor to the
 * thread they woke. A lane is a lock-free queue whose thread is woken only when it was
 * idle; a busy lane takes new tasks for nothing.
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
	 * Return the threads shared by the file streams of this JVM, started on first use.
	 * @return the shared threads
	 */
	static FileWriterThreads shared() {
		return Shared.INSTANCE;
	}

	/**
	 * Return the next lane, round robin.
	 * @return an executor that runs its tasks in order, on one thread
	 */
	Executor next() {
		return this.lanes[Math.floorMod(this.nextLane.getAndIncrement(), this.lanes.length)];
	}

	private static final class Shared {

		static final FileWriterThreads INSTANCE = new FileWriterThreads(
				Math.max(2, Runtime.getRuntime().availableProcessors()), "pump-file-writer-");

	}

	private static final class Lane implements Executor, Runnable {

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final Thread thread;

		private volatile boolean idle;

		Lane(String name) {
			this.thread = new Thread(this, name);
			this.thread.setDaemon(true);
			this.thread.start();
		}

		@Override
		public void execute(Runnable task) {
			this.tasks.offer(task);
			// Pairs with run(): the lane publishes idle before its last look at the
			// queue,
			// so either it sees this task or this sees it idle.
			if (this.idle) {
				LockSupport.unpark(this.thread);
			}
		}

		@Override
		public void run() {
			while (true) {
				Runnable task = this.tasks.poll();
				if (task != null) {
					runSafely(task);
					continue;
				}
				this.idle = true;
				if (this.tasks.isEmpty()) {
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
