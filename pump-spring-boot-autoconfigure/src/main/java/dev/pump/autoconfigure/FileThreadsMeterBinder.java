package dev.pump.autoconfigure;

import java.util.function.ToDoubleFunction;

import dev.pump.file.FileThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the {@link FileThreads}: tasks waiting and threads busy, each tagged with the
 * kind of thread ({@code writer} or {@code force}). Bound by Spring Boot to every
 * registry, as any {@link MeterBinder} bean.
 */
final class FileThreadsMeterBinder implements MeterBinder {

	/**
	 * Name of the gauge of the tasks waiting for a thread.
	 */
	static final String QUEUED = "pump.file.threads.queued";

	/**
	 * Name of the gauge of the threads running a task.
	 */
	static final String ACTIVE = "pump.file.threads.active";

	/**
	 * Tag key of the kind of thread.
	 */
	static final String KIND_TAG = "kind";

	private final FileThreads threads;

	FileThreadsMeterBinder(FileThreads threads) {
		this.threads = threads;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		queued(registry, "writer", FileThreads::queuedWrites);
		queued(registry, "force", FileThreads::queuedForces);
		active(registry, "writer", FileThreads::activeWriters);
		active(registry, "force", FileThreads::activeForces);
	}

	private void queued(MeterRegistry registry, String kind, ToDoubleFunction<FileThreads> value) {
		gauge(registry, QUEUED, kind, value, "tasks", "Tasks of file streams waiting for a writer or force thread");
	}

	private void active(MeterRegistry registry, String kind, ToDoubleFunction<FileThreads> value) {
		gauge(registry, ACTIVE, kind, value, "threads", "File writer or force threads running a task");
	}

	private void gauge(MeterRegistry registry, String name, String kind, ToDoubleFunction<FileThreads> value,
			String baseUnit, String description) {
		Gauge.builder(name, this.threads, value)
			.tag(KIND_TAG, kind)
			.baseUnit(baseUnit)
			.description(description)
			.register(registry);
	}

}
