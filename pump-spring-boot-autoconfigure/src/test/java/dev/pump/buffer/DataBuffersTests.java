package dev.pump.buffer;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DataBufferWrapper;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DataBuffers}.
 */
class DataBuffersTests {

	private final NettyDataBufferFactory netty = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

	@Test
	void releaseDeallocatesNettyBuffer() {
		NettyDataBuffer buffer = this.netty.allocateBuffer(16);
		assertThat(DataBuffers.release(buffer)).isTrue();
		assertThat(buffer.isAllocated()).isFalse();
	}

	@Test
	void releaseOfRetainedNettyBufferDropsOneReference() {
		NettyDataBuffer buffer = this.netty.allocateBuffer(16);
		buffer.retain();
		assertThat(DataBuffers.release(buffer)).isFalse();
		assertThat(buffer.isAllocated()).isTrue();
		assertThat(DataBuffers.release(buffer)).isTrue();
		assertThat(buffer.isAllocated()).isFalse();
	}

	@Test
	void releaseOfReleasedNettyBufferIsNotAnError() {
		NettyDataBuffer buffer = this.netty.allocateBuffer(16);
		DataBuffers.release(buffer);
		assertThat(DataBuffers.release(buffer)).isFalse();
	}

	@Test
	void releaseOfDefaultBufferDoesNothing() {
		DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { 1, 2 });
		assertThat(DataBuffers.release(buffer)).isFalse();
		assertThat(buffer.readableByteCount()).isEqualTo(2);
	}

	@Test
	void releaseOfOtherBufferDoesWhatDataBufferUtilsDoes() {
		NettyDataBuffer netty = this.netty.allocateBuffer(16);
		DataBuffer wrapper = new DataBufferWrapper(netty);
		try {
			assertThat(DataBuffers.release(wrapper)).isEqualTo(DataBufferUtils.release(wrapper)).isFalse();
			assertThat(netty.isAllocated()).isTrue();
		}
		finally {
			netty.release();
		}
	}

	@Test
	void releaseOfNullIsFalse() {
		assertThat(DataBuffers.release(null)).isFalse();
	}

	@Test
	void readableBytesMeasuresEveryKindOfBuffer() {
		NettyDataBuffer netty = this.netty.allocateBuffer(16);
		netty.write("abc", StandardCharsets.US_ASCII);
		try {
			assertThat(DataBuffers.readableBytes(netty)).isEqualTo(3);
			assertThat(DataBuffers.readableBytes(DefaultDataBufferFactory.sharedInstance.wrap(new byte[5])))
				.isEqualTo(5);
			assertThat(DataBuffers.readableBytes(new DataBufferWrapper(netty))).isEqualTo(3);
			assertThat(DataBuffers.readableBytes("not a buffer")).isEqualTo(-1);
		}
		finally {
			netty.release();
		}
	}

}
