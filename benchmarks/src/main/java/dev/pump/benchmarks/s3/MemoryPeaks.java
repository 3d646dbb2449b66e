package dev.pump.benchmarks.s3;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.netty.util.internal.PlatformDependent;

/**
 * Peak memory of this JVM while a run goes on: the live heap (heap used right after a
 * full collection forced every 200 ms, in a run of its own, as that collection reports
 * it: reading the heap's usage after {@code System.gc()} returns also counts the eden
 * regions that the running threads have taken since, whole), heap used after each
 * collection and as sampled (both include garbage not yet collected), and direct memory
 * (NIO buffers plus Netty's own, sampled every few milliseconds).
 */
final class MemoryPeaks implements AutoCloseable {

	private final AtomicLong heapAfterGc = new AtomicLong();

	private final AtomicLong heapUsed = new AtomicLong();

	private final AtomicLong direct = new AtomicLong();

	private final AtomicLong live = new AtomicLong();

	private final boolean forceGc;

	private final Thread sampler;

	private volatile boolean running = true;

	/**
	 * Start measuring.
	 * @param forceGc whether to collect every 200 ms and record the heap used right
	 * after: the live heap, at the cost of some throughput
	 */
	MemoryPeaks(boolean forceGc) {
		this.forceGc = forceGc;
		Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
				GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
					.from((CompositeData) notification.getUserData());
				long live = info.getGcInfo()
					.getMemoryUsageAfterGc()
					.entrySet()
					.stream()
					.filter((pool) -> heapPools.contains(pool.getKey()))
					.mapToLong((pool) -> pool.getValue().getUsed())
					.sum();
				this.heapAfterGc.accumulateAndGet(live, Math::max);
				if (info.getGcCause().equals("System.gc()")) {
					this.live.accumulateAndGet(live, Math::max);
				}
			}, (notification) -> notification.getType()
				.equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION), null);
		}
		this.sampler = new Thread(this::sample, "memory-peaks");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	private void sample() {
		BufferPoolMXBean nio = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.findFirst()
			.orElseThrow();
		long nextGc = System.nanoTime();
		while (this.running) {
			if (this.forceGc && System.nanoTime() >= nextGc) {
				System.gc();
				nextGc = System.nanoTime() + 200_000_000L;
			}
			this.heapUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
					Math::max);
			long netty = Math.max(0, PlatformDependent.usedDirectMemory());
			this.direct.accumulateAndGet(nio.getMemoryUsed() + netty, Math::max);
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	long heapAfterGc() {
		return this.heapAfterGc.get();
	}

	long live() {
		return this.live.get();
	}

	long heapUsed() {
		return this.heapUsed.get();
	}

	long direct() {
		return this.direct.get();
	}

	@Override
	public void close() {
		this.running = false;
		this.sampler.interrupt();
	}

}
