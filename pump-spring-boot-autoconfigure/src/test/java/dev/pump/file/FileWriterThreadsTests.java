package dev.pump.file;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FileWriterThreads}: order, one thread per lane, a failing task, and
 * waking a parked lane.
 */
class FileWriterThreadsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void lanesAreTakenRoundRobinAndEachRunsOnOneThread() throws Exception {
		FileWriterThreads threads = new FileWriterThreads(3, "test-lanes-a-");
		List<Executor> lanes = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			lanes.add(threads.next());
		}
		assertThat(lanes.get(3)).isSameAs(lanes.get(0));
		assertThat(lanes.get(4)).isSameAs(lanes.get(1));
		assertThat(Set.copyOf(lanes)).hasSize(3);
		Set<String> names = ConcurrentHashMap.newKeySet();
		CountDownLatch done = new CountDownLatch(100);
		for (int i = 0; i < 100; i++) {
			lanes.get(0).execute(() -> {
				names.add(Thread.currentThread().getName());
				done.countDown();
			});
		}
		assertThat(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(names).singleElement().asString().startsWith("test-lanes-a-");
	}

	@Test
	void tasksOfALaneRunInTheOrderTheyCame() throws Exception {
		Executor lane = new FileWriterThreads(1, "test-lanes-b-").next();
		List<Integer> seen = new ArrayList<>();
		CountDownLatch done = new CountDownLatch(1);
		for (int i = 0; i < 10_000; i++) {
			int index = i;
			// Only the lane's thread touches the list; the latch publishes it.
			lane.execute(() -> seen.add(index));
		}
		lane.execute(done::countDown);
		assertThat(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(seen).hasSize(10_000).isSorted();
	}

	@Test
	void aFailingTaskDoesNotStopTheLane() throws Exception {
		Executor lane = new FileWriterThreads(1, "test-lanes-c-").next();
		CountDownLatch after = new CountDownLatch(1);
		lane.execute(() -> {
			throw new IllegalStateException("task failed on purpose");
		});
		lane.execute(after::countDown);
		assertThat(after.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	@Test
	void aParkedLaneWakesForEveryTask() throws Exception {
		Executor lane = new FileWriterThreads(1, "test-lanes-d-").next();
		AtomicLong ran = new AtomicLong();
		// One task at a time: the lane runs dry and parks between tasks, so most tasks
		// find
		// it parked or about to park, and only their own hand-off can wake it.
		for (int i = 0; i < 50_000; i++) {
			CountDownLatch done = new CountDownLatch(1);
			lane.execute(() -> {
				ran.incrementAndGet();
				done.countDown();
			});
			assertThat(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		assertThat(ran.get()).isEqualTo(50_000);
	}

}
