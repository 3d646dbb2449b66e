package dev.pump.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that turns Netty {@code LEAK:} reports into test failures: after each
 * test it fails if {@link FailingLeakDetector} recorded a leak, and after each test class
 * it also runs the garbage collector and lets Netty's leak detector look at what was
 * collected.
 *
 * <p>
 * Turn it on for a whole test run with Surefire's argLine
 * {@code -Dio.netty.leakDetection.level=paranoid
 * -Dio.netty.customResourceLeakDetector=dev.pump.test.FailingLeakDetector
 * -Djunit.jupiter.extensions.autodetection.enabled=true} (this jar registers the
 * extension in {@code META-INF/services/org.junit.jupiter.api.extension.Extension}), or
 * per class with {@code @ExtendWith(NettyLeakDetectionExtension.class)}. Without the
 * system property the extension installs the detector itself, which works if no Netty
 * buffer was allocated before.
 *
 * <p>
 * A leak is found when its buffer is garbage collected, which may be a test or two after
 * the one that leaked it, at the latest at the end of its class; the failure message
 * carries Netty's records of where the buffer was touched. Call {@link #assertNoLeaks()}
 * in a test to check at once.
 */
public final class NettyLeakDetectionExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private static final int GC_ROUNDS = 2;

	static {
		installIfAbsent();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
			ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		// Cheap: what Netty has already reported. A forced collection after every test
		// costs far more than the tests once a Spring context fills the heap.
		failOn(FailingLeakDetector.drainReports());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		assertNoLeaks();
	}

	/**
	 * Collect garbage, let Netty report leaks, and fail if there are any.
	 * @throws AssertionError listing the leak reports
	 */
	public static void assertNoLeaks() {
		List<String> leaks = new ArrayList<>(FailingLeakDetector.drainReports());
		for (int round = 0; round < GC_ROUNDS && leaks.isEmpty(); round++) {
			System.gc();
			LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			// Netty reports collected leaks when the next buffer is tracked.
			ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.buffer(1);
			probe.release();
			leaks.addAll(FailingLeakDetector.drainReports());
		}
		failOn(leaks);
	}

	private static void failOn(List<String> leaks) {
		if (!leaks.isEmpty()) {
			throw new AssertionError(leaks.size() + " Netty buffer leak(s):\n" + String.join("\n", leaks));
		}
	}

	private static void installIfAbsent() {
		if (System.getProperty("io.netty.customResourceLeakDetector") == null) {
			ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Factory());
		}
	}

	private static final class Factory extends ResourceLeakDetectorFactory {

		@Override
		@Deprecated
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return newResourceLeakDetector(resource, samplingInterval);
		}

		@Override
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
			return new FailingLeakDetector<>(resource, samplingInterval);
		}

	}

}
