package dev.pump.benchmarks.jmh;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every variant of {@link PumpBenchmark} really moves every byte: a benchmark that
 * stopped early would look fast.
 */
class PumpBenchmarkTests {

	@ParameterizedTest
	@ValueSource(ints = { 8192, 65536 })
	void everyVariantMovesEveryByte(int bufferSize) {
		PumpBenchmark benchmark = new PumpBenchmark();
		benchmark.bufferSize = bufferSize;
		benchmark.setUp();
		long total = (long) PumpBenchmark.BUFFERS * bufferSize;
		// The pump variants return the bytes written plus the pump's own count.
		assertThat(benchmark.pump()).isEqualTo(2 * total);
		assertThat(benchmark.pumpWithMetrics()).isEqualTo(2 * total);
		assertThat(benchmark.pumpWithLimit()).isEqualTo(2 * total);
		assertThat(benchmark.pumpWithObservation()).isEqualTo(2 * total);
		assertThat(benchmark.reactorLoop()).isEqualTo(total);
		assertThat(benchmark.vertxPipeTo()).isEqualTo(total);
	}

}
