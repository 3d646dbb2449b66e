package dev.pump.file;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriterTask}: one waiting task per stream, rescheduling, rejection.
 */
class WriterTaskTests {

	private final List<Runnable> submitted = new ArrayList<>();

	private final AtomicInteger runs = new AtomicInteger();

	@Test
	void requestsWhileATaskWaitsShareIt() {
		WriterTask task = new WriterTask(this.submitted::add, this.runs::incrementAndGet, (ex) -> {
		});
		task.schedule();
		task.schedule();
		task.schedule();
		assertThat(this.submitted).hasSize(1);
		this.submitted.remove(0).run();
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void workThatSchedulesAgainGoesToTheBackOfTheWritersQueue() {
		AtomicReference<WriterTask> self = new AtomicReference<>();
		WriterTask task = new WriterTask(this.submitted::add, () -> {
			if (this.runs.incrementAndGet() < 3) {
				self.get().schedule();
			}
		}, (ex) -> {
		});
		self.set(task);
		task.schedule();
		while (!this.submitted.isEmpty()) {
			this.submitted.remove(0).run();
		}
		assertThat(this.runs).hasValue(3);
	}

	@Test
	void rejectedTaskIsReportedAndTheWorkRunsOnTheCaller() {
		AtomicReference<RejectedExecutionException> rejected = new AtomicReference<>();
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		WriterTask task = new WriterTask((command) -> {
			throw new RejectedExecutionException("shut down");
		}, () -> ranOn.set(Thread.currentThread()), rejected::set);
		task.schedule();
		assertThat(rejected.get()).hasMessage("shut down");
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
		rejected.set(null);
		task.schedule();
		assertThat(rejected.get()).isNotNull();
	}

}
