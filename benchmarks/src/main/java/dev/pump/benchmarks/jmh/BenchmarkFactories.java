package dev.pump.benchmarks.jmh;

import dev.pump.PumpFactory;
import dev.pump.metrics.PumpMetricsBinder;
import dev.pump.observation.PumpObservationListener;
import dev.pump.registry.BandwidthLimiter;
import dev.pump.registry.BandwidthLimits;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.PumpRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * The pump factories the JMH benchmarks compare, each with a registry of its own and the
 * default write queue ({@value #WRITE_QUEUE_MAX_SIZE} bytes).
 */
final class BenchmarkFactories {

	static final int WRITE_QUEUE_MAX_SIZE = 256 * 1024;

	private BenchmarkFactories() {
	}

	/**
	 * Managed pumps whose registry has no listener.
	 */
	static PumpFactory managed() {
		return new DefaultPumpFactory(new PumpRegistry(), WRITE_QUEUE_MAX_SIZE);
	}

	/**
	 * Managed pumps whose registry publishes meters to a {@link SimpleMeterRegistry}.
	 */
	static PumpFactory metered() {
		PumpRegistry registry = new PumpRegistry();
		new PumpMetricsBinder(registry).bindTo(new SimpleMeterRegistry());
		return new DefaultPumpFactory(registry, WRITE_QUEUE_MAX_SIZE);
	}

	/**
	 * Managed pumps with a bandwidth limit (100 TB/s) that is never reached.
	 */
	static PumpFactory limited() {
		BandwidthLimits notReached = BandwidthLimits.unlimited().withPerPump(100_000_000_000_000L);
		return new DefaultPumpFactory(new PumpRegistry(), WRITE_QUEUE_MAX_SIZE,
				new BandwidthLimiter(notReached, WRITE_QUEUE_MAX_SIZE));
	}

	/**
	 * Managed pumps observed by the transfer {@link Observation}, in a registry with a
	 * handler so that the observation is real.
	 */
	static PumpFactory observed() {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		PumpRegistry registry = new PumpRegistry();
		registry.addListener(new PumpObservationListener(observations, null));
		return new DefaultPumpFactory(registry, WRITE_QUEUE_MAX_SIZE);
	}

}
