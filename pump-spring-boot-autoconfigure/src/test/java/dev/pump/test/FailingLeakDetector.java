package dev.pump.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.util.ResourceLeakDetector;

/**
 * A Netty {@link ResourceLeakDetector} that records every {@code LEAK:} report (and still
 * logs it), so that {@link NettyLeakDetectionExtension} can fail the test that follows.
 * Netty uses it for every resource type when started with
 * {@code -Dio.netty.customResourceLeakDetector=dev.pump.test.FailingLeakDetector}.
 *
 * @param <T> the type of resource
 */
public class FailingLeakDetector<T> extends ResourceLeakDetector<T> {

	private static final Queue<String> reports = new ConcurrentLinkedQueue<>();

	// Set by the self-test that leaks on purpose, so that the build log shows no LEAK.
	private static volatile boolean quiet;

	/**
	 * Create a detector; called by Netty's {@code ResourceLeakDetectorFactory}.
	 * @param resourceType the type of resource
	 * @param samplingInterval the sampling interval
	 */
	public FailingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
	}

	/**
	 * Create a detector; the constructor Netty looks for first (it logs an error if it is
	 * missing).
	 * @param resourceType the type of resource
	 * @param samplingInterval the sampling interval
	 * @param maxActive ignored, as by Netty
	 */
	public FailingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
		this(resourceType, samplingInterval);
	}

	/**
	 * Remove and return the leak reports recorded so far.
	 * @return the reports, oldest first
	 */
	public static List<String> drainReports() {
		List<String> drained = new ArrayList<>();
		for (String report = reports.poll(); report != null; report = reports.poll()) {
			drained.add(report);
		}
		return drained;
	}

	/**
	 * Record leaks without logging them, for a test that leaks on purpose.
	 * @param value whether to stay quiet
	 */
	static void quiet(boolean value) {
		quiet = value;
	}

	@Override
	protected boolean needReport() {
		// Report even where the logger is quiet: a leak must fail the build.
		return true;
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		reports.add("LEAK: " + resourceType + records);
		if (!quiet) {
			super.reportTracedLeak(resourceType, records);
		}
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		reports.add("LEAK: " + resourceType + " (no records; use paranoid leak detection)");
		if (!quiet) {
			super.reportUntracedLeak(resourceType);
		}
	}

}
