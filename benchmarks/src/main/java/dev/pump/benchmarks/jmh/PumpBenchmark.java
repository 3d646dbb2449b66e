package dev.pump.benchmarks.jmh;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import io.micrometer.observation.Observation;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * Cost of moving one buffer from an in-memory read stream to an in-memory write stream
 * with flow control, in nanoseconds per buffer. Each invocation moves {@value #BUFFERS}
 * buffers through a write queue of {@value #WRITE_QUEUE_MAX_SIZE} bytes (the default
 * {@code pump.write-queue-max-size}) that the benchmark empties whenever it is full, so
 * every variant pauses and resumes its source every {@code 256 KiB / bufferSize} buffers:
 * <ul>
 * <li>{@code pump}: {@link Pump#pump} between the pump's stream interfaces;</li>
 * <li>{@code pumpManaged}: a managed pump from a
 * {@link dev.pump.registry.DefaultPumpFactory} whose registry has no listener: what the
 * registry itself costs per transfer;</li>
 * <li>{@code pumpWithMetrics}: the same through a
 * {@link dev.pump.registry.DefaultPumpFactory} whose registry publishes meters to a
 * {@link io.micrometer.core.instrument.simple.SimpleMeterRegistry};</li>
 * <li>{@code pumpWithLimit}: a managed pump with a bandwidth limit (100 TB/s) that is
 * never reached, so its token bucket is asked once per budget;</li>
 * <li>{@code pumpWithObservation}: a managed pump observed by the transfer
 * {@link Observation} in a registry with a handler (so the observation is real), and its
 * log line (logging off here);</li>
 * <li>{@code reactorLoop}: a plain Reactor subscriber over {@code Flux.fromArray} that
 * requests what fits in the queue (the floor);</li>
 * <li>{@code vertxPipeTo}: Vert.x 5 {@code ReadStream.pipeTo} between Vert.x
 * streams.</li>
 * </ul>
 * The buffers are allocated once: the figures are the per-buffer overhead of the
 * machinery, not of copying bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xmx512m" })
public class PumpBenchmark {

	static final int BUFFERS = 1024;

	static final int WRITE_QUEUE_MAX_SIZE = BenchmarkFactories.WRITE_QUEUE_MAX_SIZE;

	@Param({ "8192", "65536" })
	int bufferSize;

	private DataBuffer[] buffers = new DataBuffer[0];

	private Buffer[] vertxBuffers = new Buffer[0];

	private PumpFactory meteredFactory = BenchmarkFactories.managed();

	private PumpFactory managedFactory = this.meteredFactory;

	private PumpFactory limitedFactory = this.meteredFactory;

	private PumpFactory observedFactory = this.meteredFactory;

	@Setup
	public void setUp() {
		byte[] bytes = new byte[this.bufferSize];
		Arrays.fill(bytes, (byte) 'x');
		DefaultDataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
		this.buffers = new DataBuffer[BUFFERS];
		this.vertxBuffers = new Buffer[BUFFERS];
		for (int i = 0; i < BUFFERS; i++) {
			this.buffers[i] = factory.wrap(bytes);
			this.vertxBuffers[i] = Buffer.buffer(bytes);
		}
		this.meteredFactory = BenchmarkFactories.metered();
		this.managedFactory = BenchmarkFactories.managed();
		this.limitedFactory = BenchmarkFactories.limited();
		this.observedFactory = BenchmarkFactories.observed();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long pump() {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = Pump.pump(source, destination, WRITE_QUEUE_MAX_SIZE).start();
		return run(source, destination) + pump.bytesPumped();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long pumpManaged() {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = this.managedFactory.create("benchmark", source, destination).start();
		return run(source, destination) + pump.bytesPumped();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long pumpWithMetrics() {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = this.meteredFactory.create("benchmark", source, destination).start();
		return run(source, destination) + pump.bytesPumped();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long pumpWithLimit() {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = this.limitedFactory.create("benchmark", source, destination).start();
		return run(source, destination) + pump.bytesPumped();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long pumpWithObservation() {
		ArrayReadStream source = new ArrayReadStream(this.buffers);
		CountingWriteStream destination = new CountingWriteStream();
		Pump pump = this.observedFactory.create("benchmark", source, destination).start();
		return run(source, destination) + pump.bytesPumped();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long reactorLoop() {
		CountingWriteStream destination = new CountingWriteStream();
		destination.setWriteQueueMaxSize(WRITE_QUEUE_MAX_SIZE);
		ReactorLoop loop = new ReactorLoop(destination, Math.max(1, WRITE_QUEUE_MAX_SIZE / this.bufferSize));
		Flux.fromArray(this.buffers).subscribe(loop);
		while (!loop.isDone()) {
			destination.drain();
		}
		return destination.written();
	}

	@Benchmark
	@OperationsPerInvocation(BUFFERS)
	public long vertxPipeTo() {
		VertxArrayReadStream source = new VertxArrayReadStream(this.vertxBuffers);
		VertxCountingWriteStream destination = new VertxCountingWriteStream();
		destination.setWriteQueueMaxSize(WRITE_QUEUE_MAX_SIZE);
		source.pipeTo(destination);
		while (!source.isEnded()) {
			destination.drain();
		}
		return destination.written();
	}

	private static long run(ArrayReadStream source, CountingWriteStream destination) {
		while (!source.isEnded()) {
			destination.drain();
		}
		return destination.written();
	}

}
