package dev.pump.test;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link NettyLeakDetectionExtension} and {@link TrackingDataBufferFactory}.
 */
class NettyLeakDetectionExtensionTests {

	@Test
	void leakedBufferFailsTheCheck() {
		FailingLeakDetector.quiet(true);
		try {
			leakOneBuffer();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(NettyLeakDetectionExtension::assertNoLeaks)
				.withMessageContaining("LEAK: ByteBuf");
		}
		finally {
			FailingLeakDetector.quiet(false);
		}
	}

	@Test
	void releasedBufferPassesTheCheck() {
		PooledByteBufAllocator.DEFAULT.buffer(64).release();
		assertThatNoException().isThrownBy(NettyLeakDetectionExtension::assertNoLeaks);
	}

	@Test
	void trackingFactoryFailsForUnreleasedBuffer() {
		TrackingDataBufferFactory factory = new TrackingDataBufferFactory();
		DataBuffer buffer = factory.allocateBuffer(16);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(factory::assertAllReleased)
			.withMessageContaining("1 of 1 buffers not released");
		DataBufferUtils.release(buffer);
		factory.assertAllReleased();
	}

	private static void leakOneBuffer() {
		PooledByteBufAllocator.DEFAULT.buffer(64).writeLong(42);
	}

}
