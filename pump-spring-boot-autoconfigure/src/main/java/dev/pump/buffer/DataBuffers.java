package dev.pump.buffer;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBuffer;
import org.springframework.core.io.buffer.PooledDataBuffer;

/**
 * Releases and measures {@link DataBuffer}s on the hot path of every stream, at the cost
 * of a class comparison for the buffers WebFlux uses.
 *
 * <p>
 * Why not {@code DataBufferUtils.release} alone: it asks
 * {@code instanceof PooledDataBuffer}, then {@code instanceof CloseableDataBuffer}. For a
 * class that implements neither (a {@link DefaultDataBuffer}) each check scans the
 * class's interfaces; for a Netty buffer checked against other interfaces in between
 * (such as {@code instanceof DataBuffer} when it is measured) the JVM's one-entry cache
 * of the last interface matched is rewritten every time, which is slow, and slower still
 * when several threads do it (Netty's "type pollution"). Measured in
 * {@code PumpBenchmark}: about 14 ns per buffer of the pump's 25, for the release of a
 * buffer that needs none. An exact class comparison lets the JIT know the type and skip
 * both checks; other classes take {@code DataBufferUtils}.
 */
public final class DataBuffers {

	private static final @Nullable Class<?> NETTY = nettyDataBufferClass();

	private DataBuffers() {
	}

	/**
	 * Release a buffer if it is reference counted, as {@code DataBufferUtils.release}
	 * does.
	 * @param buffer the buffer, or {@code null}
	 * @return whether the buffer was released and deallocated
	 */
	public static boolean release(@Nullable DataBuffer buffer) {
		if (buffer == null) {
			return false;
		}
		Class<?> type = buffer.getClass();
		if (type == DefaultDataBuffer.class) {
			return false;
		}
		if (type == NETTY) {
			return releasePooled((PooledDataBuffer) buffer);
		}
		return DataBufferUtils.release(buffer);
	}

	// As DataBufferUtils: a buffer released elsewhere in a race is not an error here.
	private static boolean releasePooled(PooledDataBuffer buffer) {
		try {
			return buffer.isAllocated() && buffer.release();
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Return the readable bytes of an item if it is a {@link DataBuffer}.
	 * @param item any item
	 * @return the readable bytes, or {@code -1} if the item is not a data buffer
	 */
	public static long readableBytes(Object item) {
		Class<?> type = item.getClass();
		if (type == DefaultDataBuffer.class || type == NETTY) {
			return ((DataBuffer) item).readableByteCount();
		}
		return (item instanceof DataBuffer buffer) ? buffer.readableByteCount() : -1;
	}

	// By name: Netty is optional for spring-core, and so for streams of this package.
	private static @Nullable Class<?> nettyDataBufferClass() {
		try {
			return Class.forName("org.springframework.core.io.buffer.NettyDataBuffer", false,
					DataBuffers.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

}
