package dev.pump.file;

import java.io.IOException;

import dev.pump.file.FileWriteState.Phase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FileWriteState}: the transitions, and the end's future.
 */
class FileWriteStateTests {

	private final FileWriteState state = new FileWriteState();

	@Test
	void endThenCloseCompletesTheEndOnce() {
		this.state.end();
		assertThat(this.state.status().phase()).isEqualTo(Phase.ENDING);
		assertThat(this.state.startClosing()).isTrue();
		assertThat(this.state.startClosing()).isFalse();
		assertThat(this.state.closed()).isTrue();
		assertThat(this.state.status().phase()).isEqualTo(Phase.ENDED);
		assertThat(this.state.ended()).isCompleted();
	}

	@Test
	void closingNeedsTheEndFirst() {
		assertThat(this.state.startClosing()).isFalse();
		assertThat(this.state.closed()).isFalse();
		assertThat(this.state.status().phase()).isEqualTo(Phase.OPEN);
	}

	@Test
	void failureFailsTheEndAndWinsOverTheClose() {
		this.state.end();
		this.state.startClosing();
		IOException failure = new IOException("disk full");
		assertThat(this.state.fail(failure)).isTrue();
		assertThat(this.state.closed()).isFalse();
		assertThat(this.state.fail(new IOException("second"))).isFalse();
		assertThat(this.state.status().cause()).isSameAs(failure);
		assertThat(this.state.status().dropsWrites()).isTrue();
		assertThat(this.state.ended()).isCompletedExceptionally();
	}

	@Test
	void abortWinsOnceAndAfterAFailureToo() {
		this.state.fail(new IOException("disk full"));
		IllegalStateException cause = new IllegalStateException("cancelled");
		assertThat(this.state.abort(cause)).isTrue();
		assertThat(this.state.abort(new IllegalStateException("again"))).isFalse();
		assertThat(this.state.status().phase()).isEqualTo(Phase.ABORTED);
		assertThat(this.state.status().cause()).isSameAs(cause);
		assertThat(this.state.fail(new IOException("late"))).isFalse();
	}

	@Test
	void abortAfterTheEndChangesNothing() {
		this.state.end();
		this.state.startClosing();
		this.state.closed();
		assertThat(this.state.abort(new IllegalStateException("too late"))).isFalse();
		assertThat(this.state.status().phase()).isEqualTo(Phase.ENDED);
		assertThat(this.state.status().dropsWrites()).isFalse();
	}

	@Test
	void abortDuringTheCloseMakesTheCloseLose() {
		this.state.end();
		this.state.startClosing();
		assertThat(this.state.abort(new IllegalStateException("cancelled"))).isTrue();
		assertThat(this.state.closed()).isFalse();
		assertThat(this.state.ended()).isNotDone();
	}

}
