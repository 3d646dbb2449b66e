package dev.pump.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Forces}: when a background force is due, the final force, and closes
 * held up by a force.
 */
class ForcesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<Runnable> forceTasks = new ArrayList<>();

	@TempDir
	Path directory;

	@Test
	void backgroundForceStartsEveryIntervalOneAtATime() throws IOException {
		try (FileChannel channel = open()) {
			Forces forces = new Forces(channel, this.forceTasks::add, true, 100);
			forces.afterWrite(99);
			assertThat(this.forceTasks).isEmpty();
			forces.afterWrite(100);
			forces.afterWrite(250);
			assertThat(this.forceTasks).hasSize(1);
			this.forceTasks.remove(0).run();
			assertThat(forces.bytesForced()).isEqualTo(100);
			forces.afterWrite(250);
			assertThat(this.forceTasks).hasSize(1);
		}
	}

	@Test
	void noBackgroundForceWithoutForceOnEndOrInterval() throws IOException {
		try (FileChannel channel = open()) {
			new Forces(channel, this.forceTasks::add, false, 100).afterWrite(1000);
			new Forces(channel, this.forceTasks::add, true, 0).afterWrite(1000);
			assertThat(this.forceTasks).isEmpty();
		}
	}

	@Test
	void forceAllReportsOnceForcedOnTheForceThread() throws IOException {
		try (FileChannel channel = open()) {
			channel.write(ByteBuffer.wrap(new byte[42]));
			Forces forces = new Forces(channel, this.forceTasks::add, true, 0);
			CompletableFuture<IOException> result = new CompletableFuture<>();
			forces.forceAll(42, result::complete);
			assertThat(result).isNotDone();
			this.forceTasks.remove(0).run();
			assertThat(result).succeedsWithin(TIMEOUT).isNull();
			assertThat(forces.bytesForced()).isEqualTo(42);
		}
	}

	@Test
	void forceAllFailsWhenTheForceThreadsReject() throws IOException {
		try (FileChannel channel = open()) {
			Forces forces = new Forces(channel, (task) -> {
				throw new RejectedExecutionException("shut down");
			}, true, 0);
			CompletableFuture<IOException> result = new CompletableFuture<>();
			forces.forceAll(0, result::complete);
			assertThat(result).succeedsWithin(TIMEOUT)
				.satisfies((ex) -> assertThat(ex).hasCauseInstanceOf(RejectedExecutionException.class));
		}
	}

	@Test
	void closeWaitsOffThreadForAForceInProgress() throws IOException {
		FileChannel channel = open();
		Forces forces = new Forces(channel, this.forceTasks::add, true, 10);
		forces.afterWrite(10);
		AtomicBoolean closed = new AtomicBoolean();
		forces.closeThen(() -> closed.set(true));
		assertThat(closed).isFalse();
		assertThat(channel.isOpen()).isTrue();
		// The background force, then the close queued behind it.
		this.forceTasks.remove(0).run();
		this.forceTasks.remove(0).run();
		assertThat(closed).isTrue();
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void closeRunsAtOnceWithoutAForce() throws IOException {
		FileChannel channel = open();
		AtomicBoolean closed = new AtomicBoolean();
		new Forces(channel, this.forceTasks::add, true, 0).closeThen(() -> closed.set(true));
		assertThat(closed).isTrue();
		assertThat(channel.isOpen()).isFalse();
	}

	private FileChannel open() throws IOException {
		return FileChannel.open(this.directory.resolve("out.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
	}

}
