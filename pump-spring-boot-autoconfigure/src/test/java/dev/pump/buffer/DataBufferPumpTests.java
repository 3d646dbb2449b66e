package dev.pump.buffer;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import dev.pump.Pump;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a {@link Pump} from a {@link DataBufferReadStream} to a
 * {@link DataBufferWriteStream}, and for {@link DataBufferSizer}.
 */
class DataBufferPumpTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TrackingDataBufferFactory bufferFactory = new TrackingDataBufferFactory();

	@AfterEach
	void allBuffersReleased() {
		this.bufferFactory.awaitAllReleased(TIMEOUT);
	}

	@Test
	void sizerCountsReadableBytes() {
		DataBuffer buffer = this.bufferFactory.wrap(new byte[] { 1, 2, 3 });
		assertThat(new DataBufferSizer().sizeOf(buffer)).isEqualTo(3);
		assertThat(new DataBufferSizer().sizeOf("text")).isNegative();
		DataBufferUtils.release(buffer);
	}

	@Test
	void pumpCopiesEveryByteAcrossThreadsAndCountsThem() {
		byte[] data = new byte[1_000_003];
		ThreadLocalRandom.current().nextBytes(data);
		Flux<DataBuffer> source = Flux.range(0, (data.length + 4095) / 4096)
			.map((i) -> this.bufferFactory
				.wrap(Arrays.copyOfRange(data, i * 4096, Math.min(data.length, (i + 1) * 4096))))
			.subscribeOn(Schedulers.parallel());
		DataBufferWriteStream destination = DataBufferWriteStream.create();
		Pump pump = Pump.pump(DataBufferReadStream.of(source), destination, 16 * 1024);
		Mono<byte[]> copied = DataBufferUtils.join(Flux.from(destination).publishOn(Schedulers.boundedElastic(), 2))
			.map((joined) -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				return bytes;
			});
		pump.start();
		StepVerifier.create(copied)
			.assertNext((bytes) -> assertThat(bytes).isEqualTo(data))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(pump.completion()).expectNext((long) data.length).expectComplete().verify(TIMEOUT);
	}

}
