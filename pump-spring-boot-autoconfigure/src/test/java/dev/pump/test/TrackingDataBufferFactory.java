package dev.pump.test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.core.io.buffer.PooledDataBuffer;

/**
 * A {@link DataBufferFactory} of Netty buffers that records every buffer it hands out, so
 * that a test can assert that each one was released, whatever path the code took.
 *
 * <p>
 * Spring's own {@code LeakAwareDataBufferFactory} lives in spring-core's test fixtures,
 * which are not published; this is the same idea over reference-counted Netty buffers.
 * Releases may happen on other threads after a test's last step: prefer
 * {@link #awaitAllReleased(Duration)}.
 */
public final class TrackingDataBufferFactory implements DataBufferFactory {

	private static final int DEFAULT_CAPACITY = 256;

	private static final Duration SETTLE = Duration.ofMillis(5);

	private final NettyDataBufferFactory delegate;

	private final Queue<Allocation> allocations = new ConcurrentLinkedQueue<>();

	/**
	 * Create a factory over Netty's pooled allocator.
	 */
	public TrackingDataBufferFactory() {
		this(PooledByteBufAllocator.DEFAULT);
	}

	/**
	 * Create a factory over the given allocator.
	 * @param allocator the Netty allocator
	 */
	public TrackingDataBufferFactory(ByteBufAllocator allocator) {
		this.delegate = new NettyDataBufferFactory(allocator);
	}

	@Override
	@Deprecated
	public DataBuffer allocateBuffer() {
		return allocateBuffer(DEFAULT_CAPACITY);
	}

	@Override
	public DataBuffer allocateBuffer(int initialCapacity) {
		return track(this.delegate.allocateBuffer(initialCapacity));
	}

	@Override
	public DataBuffer wrap(ByteBuffer byteBuffer) {
		return track(this.delegate.wrap(byteBuffer));
	}

	@Override
	public DataBuffer wrap(byte[] bytes) {
		return track(this.delegate.wrap(bytes));
	}

	@Override
	public DataBuffer join(List<? extends DataBuffer> buffers) {
		return track(this.delegate.join(buffers));
	}

	@Override
	public boolean isDirect() {
		return this.delegate.isDirect();
	}

	/**
	 * Return a tracked buffer that holds the given bytes.
	 * @param bytes the content
	 * @return the buffer, to be released by whoever owns it
	 */
	public DataBuffer buffer(byte[] bytes) {
		return allocateBuffer(Math.max(1, bytes.length)).write(bytes);
	}

	/**
	 * Return the readable bytes of a buffer, without moving its read position or
	 * releasing it.
	 * @param buffer the buffer
	 * @return a copy of its readable bytes
	 */
	public static byte[] bytes(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.toByteBuffer(ByteBuffer.wrap(bytes));
		return bytes;
	}

	/**
	 * Return how many buffers this factory has handed out.
	 * @return the count
	 */
	public int allocatedCount() {
		return this.allocations.size();
	}

	/**
	 * Return the buffers handed out and not released yet.
	 * @return the buffers
	 */
	public List<DataBuffer> unreleased() {
		return this.allocations.stream().filter(Allocation::isAllocated).map(Allocation::buffer).toList();
	}

	/**
	 * Return the readable bytes of the buffers handed out and not released yet: what this
	 * factory's buffers hold in memory right now.
	 * @return the bytes
	 */
	public long unreleasedBytes() {
		return this.allocations.stream()
			.filter(Allocation::isAllocated)
			.mapToLong((allocation) -> allocation.buffer().readableByteCount())
			.sum();
	}

	/**
	 * Fail unless every buffer handed out has been released.
	 * @throws AssertionError naming where the first unreleased buffer was allocated
	 */
	public void assertAllReleased() {
		List<Allocation> leaked = this.allocations.stream().filter(Allocation::isAllocated).toList();
		if (!leaked.isEmpty()) {
			AssertionError error = new AssertionError(
					leaked.size() + " of " + this.allocations.size() + " buffers not released");
			error.initCause(leaked.get(0).site());
			throw error;
		}
	}

	/**
	 * Wait up to {@code timeout} for every buffer to be released, with no new buffer
	 * handed out for a few milliseconds, then {@link #assertAllReleased() assert} it.
	 * @param timeout how long to wait
	 */
	public void awaitAllReleased(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		// Done once every buffer is released and no new one came for a moment: a source
		// still winding down after a cancel may allocate one more buffer just after a
		// check found none left, and release it soon after. Seen as "1 of 55 buffers not
		// released" within milliseconds, twice in 1500 cancels under load.
		int settledCount = -1;
		while (System.nanoTime() < deadline) {
			int allocated = this.allocations.size();
			if (!unreleased().isEmpty()) {
				settledCount = -1;
			}
			else if (allocated == settledCount) {
				return;
			}
			else {
				settledCount = allocated;
			}
			LockSupport.parkNanos(SETTLE.toNanos());
		}
		assertAllReleased();
	}

	private DataBuffer track(DataBuffer buffer) {
		this.allocations.add(new Allocation(buffer, new Throwable("Buffer allocated here")));
		return buffer;
	}

	private record Allocation(DataBuffer buffer, Throwable site) {

		boolean isAllocated() {
			return (this.buffer instanceof PooledDataBuffer pooled) && pooled.isAllocated();
		}

	}

}
