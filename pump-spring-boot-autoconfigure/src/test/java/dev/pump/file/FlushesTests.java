package dev.pump.file;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Flushes}.
 */
class FlushesTests {

	private final Flushes flushes = new Flushes();

	@Test
	void flushCompletesOnceItsBytesAreWrittenInOrder() {
		CompletableFuture<Void> first = this.flushes.add(100);
		CompletableFuture<Void> second = this.flushes.add(200);
		this.flushes.completeUpTo(150);
		assertThat(first).isCompleted();
		assertThat(second).isNotDone();
		this.flushes.completeUpTo(200);
		assertThat(second).isCompleted();
	}

	@Test
	void failAllFailsEveryPendingFlushWithTheCause() {
		CompletableFuture<Void> pending = this.flushes.add(100);
		IllegalStateException cause = new IllegalStateException("aborted");
		this.flushes.failAll(cause);
		this.flushes.completeUpTo(Long.MAX_VALUE);
		assertThat(pending).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isSameAs(cause);
	}

}
