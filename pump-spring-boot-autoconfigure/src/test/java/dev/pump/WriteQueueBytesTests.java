package dev.pump;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WriteQueueBytes}.
 */
class WriteQueueBytesTests {

	private final WriteQueueBytes bytes = new WriteQueueBytes(10);

	@Test
	void isFullOnceQueuedBytesReachTheMaximum() {
		this.bytes.add(9);
		assertThat(this.bytes.isFull()).isFalse();
		this.bytes.add(1);
		assertThat(this.bytes.isFull()).isTrue();
		assertThat(this.bytes.size()).isEqualTo(10);
	}

	@Test
	void drainIsDueOnceAtHalfAfterBeingFull() {
		this.bytes.add(10);
		this.bytes.remove(4);
		assertThat(this.bytes.drainDue()).as("6 queued, above half").isFalse();
		this.bytes.remove(1);
		assertThat(this.bytes.drainDue()).isTrue();
		assertThat(this.bytes.drainDue()).as("once per time full").isFalse();
	}

	@Test
	void drainIsDueOnceThereIsRoomForTheGivenBytesIfThatComesBeforeHalf() {
		this.bytes.drainWhenRoomFor(3);
		this.bytes.add(10);
		this.bytes.remove(2);
		assertThat(this.bytes.drainDue()).as("room for 2").isFalse();
		this.bytes.remove(1);
		assertThat(this.bytes.drainDue()).as("room for 3").isTrue();
		assertThat(this.bytes.drainDue()).as("once per time full").isFalse();
	}

	@Test
	void drainWhenRoomForMoreThanHalfIsDueAtHalf() {
		this.bytes.drainWhenRoomFor(8);
		this.bytes.add(10);
		this.bytes.remove(4);
		assertThat(this.bytes.drainDue()).as("6 queued, above half").isFalse();
		this.bytes.remove(1);
		assertThat(this.bytes.drainDue()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> this.bytes.drainWhenRoomFor(-1));
	}

	@Test
	void drainIsNotDueIfTheQueueWasNeverFull() {
		this.bytes.add(9);
		this.bytes.remove(9);
		assertThat(this.bytes.drainDue()).isFalse();
	}

	@Test
	void maximumMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.bytes.setMaxSize(0));
		assertThatIllegalArgumentException().isThrownBy(() -> new WriteQueueBytes(-1));
	}

}
