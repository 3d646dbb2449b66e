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

	/**
	 * Create a detector; called by Netty's {@code ResourceLeakDetectorFactory}.
	 * @param resourceType the type of resource
	 * @param samplingInterval the sampling interval
	 */
	public FailingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
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

	@Override
	protected boolean needReport() {
		// Report even where the logger is quiet: a leak must fail the build.
		return true;
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		reports.add("LEAK: " + resourceType + records);
		super.reportTracedLeak(resourceType, records);
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		reports.add("LEAK: " + resourceType + " (no records; use paranoid leak detection)");
		super.reportUntracedLeak(resourceType);
	}

}
