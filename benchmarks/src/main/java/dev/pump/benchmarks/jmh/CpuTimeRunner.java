package dev.pump.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The variants of {@link PumpBenchmark} timed by the CPU time of the running thread
 * rather than by the wall clock, in interleaved rounds within one JVM. On a machine
 * shared with other work, time spent descheduled does not count, so the ratios stay
 * readable when JMH's wall-clock figures drown in noise. JMH remains the reference on a
 * quiet machine.
 *
 * <p>
 * Usage: {@code CpuTimeRunner [ROUNDS] [INVOCATIONS_PER_ROUND]}.
 */
public final class CpuTimeRunner {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private CpuTimeRunner() {
	}

	public static void main(String[] args) {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 15;
		int invocations = (args.length > 1) ? Integer.parseInt(args[1]) : 2000;
		for (int bufferSize : new int[] { 8192, 65536 }) {
			PumpBenchmark benchmark = new PumpBenchmark();
			benchmark.bufferSize = bufferSize;
			benchmark.setUp();
			Map<String, LongSupplier> variants = variants(benchmark);
			variants.values().forEach((variant) -> repeat(variant, invocations * 10));
			report(bufferSize, measure(variants, rounds, invocations));
		}
	}

	private static Map<String, LongSupplier> variants(PumpBenchmark benchmark) {
		Map<String, LongSupplier> variants = new LinkedHashMap<>();
		variants.put("reactorLoop", benchmark::reactorLoop);
		variants.put("pump", benchmark::pump);
		variants.put("pumpWithMetrics", benchmark::pumpWithMetrics);
		variants.put("pumpWithLimit", benchmark::pumpWithLimit);
		variants.put("pumpWithObservation", benchmark::pumpWithObservation);
		variants.put("vertxPipeTo", benchmark::vertxPipeTo);
		return variants;
	}

	private static Map<String, List<Double>> measure(Map<String, LongSupplier> variants, int rounds, int invocations) {
		Map<String, List<Double>> samples = new LinkedHashMap<>();
		List<String> order = new ArrayList<>(variants.keySet());
		for (int round = 0; round < rounds; round++) {
			for (String name : order) {
				long start = THREADS.getCurrentThreadCpuTime();
				repeat(variants.get(name), invocations);
				double nanosPerBuffer = (THREADS.getCurrentThreadCpuTime() - start)
						/ ((double) invocations * PumpBenchmark.BUFFERS);
				samples.computeIfAbsent(name, (key) -> new ArrayList<>()).add(nanosPerBuffer);
			}
			Collections.rotate(order, 1);
		}
		return samples;
	}

	private static long repeat(LongSupplier variant, int times) {
		long sink = 0;
		for (int i = 0; i < times; i++) {
			sink += variant.getAsLong();
		}
		return sink;
	}

	private static void report(int bufferSize, Map<String, List<Double>> samples) {
		double floor = median(samples.get("reactorLoop"));
		double vertx = median(samples.get("vertxPipeTo"));
		samples.forEach((name, values) -> System.out.printf("cpu\t%d\t%s\t%.2f\t%.3f\t%.3f%n", bufferSize, name,
				median(values), median(values) / floor, median(values) / vertx));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
