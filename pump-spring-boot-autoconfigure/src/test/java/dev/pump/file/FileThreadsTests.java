package dev.pump.file;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FileThreads}: names, numbers measured, close.
 */
class FileThreadsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void threadsAreNamedForTheirKind() throws Exception {
		try (FileThreads threads = FileThreads.create(1, 1)) {
			assertThat(nameOfThreadRunning(threads.nextWriter())).isEqualTo("pump-file-writer-1");
			assertThat(nameOfThreadRunning(threads.forces())).isEqualTo("pump-file-force-1");
		}
	}

	@Test
	void busyAndWaitingWritesAreMeasured() throws Exception {
		try (FileThreads threads = FileThreads.create(1, 1)) {
			Executor lane = threads.nextWriter();
			CountDownLatch release = new CountDownLatch(1);
			lane.execute(() -> awaitQuietly(release));
			lane.execute(() -> {
			});
			await().atMost(TIMEOUT).until(() -> threads.activeWriters() == 1);
			assertThat(threads.queuedWrites()).isOne();
			release.countDown();
			await().atMost(TIMEOUT).until(() -> threads.activeWriters() == 0 && threads.queuedWrites() == 0);
		}
	}

	@Test
	void busyAndWaitingForcesAreMeasured() throws Exception {
		try (FileThreads threads = FileThreads.create(1, 1)) {
			CountDownLatch release = new CountDownLatch(1);
			threads.forces().execute(() -> awaitQuietly(release));
			threads.forces().execute(() -> {
			});
			await().atMost(TIMEOUT).until(() -> threads.activeForces() == 1);
			assertThat(threads.queuedForces()).isOne();
			release.countDown();
			await().atMost(TIMEOUT).until(() -> threads.activeForces() == 0 && threads.queuedForces() == 0);
		}
	}

	@Test
	void closeRunsWhatIsQueuedThenEndsTheThreadsAndRejectsNewTasks() throws Exception {
		FileThreads threads = FileThreads.create(2, 2);
		Executor lane = threads.nextWriter();
		CountDownLatch ran = new CountDownLatch(2);
		lane.execute(ran::countDown);
		threads.forces().execute(ran::countDown);
		threads.close();
		assertThat(ran.await(0, TimeUnit.MILLISECONDS)).isTrue();
		assertThat(threads.isTerminated()).isTrue();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> lane.execute(() -> {
		}));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> threads.forces().execute(() -> {
		}));
	}

	@Test
	void sharedThreadsCannotBeClosed() {
		assertThat(FileThreads.shared()).isSameAs(FileThreads.shared());
		assertThatIllegalStateException().isThrownBy(() -> FileThreads.shared().close());
		assertThat(FileThreads.shared().isTerminated()).isFalse();
	}

	@Test
	void sizesMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> FileThreads.create(0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> FileThreads.create(1, 0));
	}

	private static String nameOfThreadRunning(Executor executor) throws InterruptedException {
		AtomicReference<String> name = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(1);
		executor.execute(() -> {
			name.set(Thread.currentThread().getName());
			done.countDown();
		});
		assertThat(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		return name.get();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
