package dev.pump;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClassSizer}.
 */
class ClassSizerTests {

	private final ClassSizer sizer = new ClassSizer();

	@Test
	void measuresAsItemSizesDoesWhenTheClassChanges() {
		assertThat(this.sizer.sizeOf(new byte[7])).isEqualTo(7);
		assertThat(this.sizer.sizeOf(ByteBuffer.allocate(5))).isEqualTo(5);
		assertThat(this.sizer.sizeOf(ByteBuffer.allocateDirect(3))).isEqualTo(3);
		assertThat(this.sizer.sizeOf("text")).isEqualTo(ItemSizes.of("text")).isOne();
		assertThat(this.sizer.sizeOf(new byte[2])).isEqualTo(2);
	}

	@Test
	void measuresEachItemOfTheSameClass() {
		assertThat(this.sizer.sizeOf(new byte[1])).isOne();
		assertThat(this.sizer.sizeOf(new byte[9])).isEqualTo(9);
		assertThat(this.sizer.sizeOf(ByteBuffer.wrap(new byte[4], 1, 2))).isEqualTo(2);
	}

}
