package dev.pump.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * Cost of one transfer beside its buffers, in nanoseconds per transfer: each invocation
 * pumps one 8 KiB buffer from an in-memory read stream to an in-memory write stream, so
 * what is measured is creating, starting and finishing the pump, with the same variants
 * as {@link PumpBenchmark} ({@code pump}, {@code pumpManaged}, {@code pumpWithLimit},
 * {@code pumpWithMetrics}, {@code pumpWithObservation}, {@code vertxPipeTo}).
 * {@link PumpBenchmark} spreads this cost over its 1024 buffers per transfer; this
 * benchmark shows it alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xmx512m" })
public class PumpTransferBenchmark {

	private static final int BUFFER_SIZE = 8192;

	private final DataBuffer[] buffers = { DefaultDataBufferFactory.sharedInstance.wrap(new byte[BUFFER_SIZE]) };

	private final Buffer[] vertxBuffers = { Buffer.buffer(new byte[BUFFER_SIZE]) };

	private PumpFactory managedFactory = BenchmarkFactories.managed();

	private PumpFactory limitedFactory = this.managedFactory;

	private PumpFactory meteredFactory = this.managedFactory;

	private PumpFactory observedFactory = this.managedFactory;

	@Setup
	public void setUp() {
		this.managedFactory = BenchmarkFactories.managed();
		this.limitedFactory = BenchmarkFactories.limited();
		this.meteredFactory = BenchmarkFactories.metered();
		this.observedFactory = BenchmarkFactories.observed();
	}

	@Benchmark
	public long pump() {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = Pump.pump(source, destination, PumpBenchmark.WRITE_QUEUE_MAX_SIZE).start();
		return run(source, destination) + pump.bytesPumped();
	}

	@Benchmark
	public long pumpManaged() {
		return transfer(this.managedFactory);
	}

	@Benchmark
	public long pumpWithLimit() {
		return transfer(this.limitedFactory);
	}

	@Benchmark
	public long pumpWithMetrics() {
		return transfer(this.meteredFactory);
	}

	@Benchmark
	public long pumpWithObservation() {
		return transfer(this.observedFactory);
	}

	@Benchmark
	public long vertxPipeTo() {
		VertxArrayReadStream source = new VertxArrayReadStream(this.vertxBuffers);
		VertxCountingWriteStream destination = new VertxCountingWriteStream();
		destination.setWriteQueueMaxSize(PumpBenchmark.WRITE_QUEUE_MAX_SIZE);
		source.pipeTo(destination);
		while (!source.isEnded()) {
			destination.drain();
		}
		return destination.written();
	}

	private long transfer(PumpFactory factory) {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = factory.create("benchmark", source, destination).start();
		return run(source, destination) + pump.bytesPumped();
	}

	private static long run(ArrayReadStream source, CountingWriteStream destination) {
		while (!source.isEnded()) {
			destination.drain();
		}
		return destination.written();
	}

}
