package dev.pump.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.pump.Pump;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.buffer.DataBufferWriteStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control through a real server: a fast upload pumped into a destination that takes
 * about 4 MiB per second pauses the request body, and the bytes the adapters hold stay
 * within the write queue maximum plus one batch of the largest buffer the server read.
 */
class UploadFlowControlIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int SIZE = 4 * 1024 * 1024 + 5;

	private static final int WRITE_QUEUE_MAX = 128 * 1024;

	private static final long BYTES_PER_SECOND = 4 * 1024 * 1024;

	private final AtomicLong maxHeld = new AtomicLong();

	private final AtomicLong largestBuffer = new AtomicLong();

	private final AtomicReference<Pump> pump = new AtomicReference<>();

	private final AtomicReference<DataBufferReadStream> source = new AtomicReference<>();

	private final AtomicReference<DataBufferWriteStream> destination = new AtomicReference<>();

	private final SlowSubscriber slow = new SlowSubscriber();

	private TestHttpServer server;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void slowDestinationPausesRequestBodyAndBoundsMemory() throws Exception {
		this.server = new TestHttpServer(this::upload);
		Mono<Void> upload = WebClient.create(this.server.url("/upload"))
			.put()
			.body(BodyInserters.fromDataBuffers(chunks()))
			.retrieve()
			.toBodilessEntity()
			.then();
		CompletableFuture<Void> uploaded = upload.toFuture();
		boolean paused = false;
		while (!uploaded.isDone()) {
			// The pump is set last: once it is there, so are its streams.
			Pump current = this.pump.get();
			if (current != null) {
				this.maxHeld.accumulateAndGet(this.source.get().heldBytes() + this.destination.get().writeQueueSize(),
						Math::max);
				paused |= current.isPaused();
			}
			Thread.sleep(1);
		}
		assertThat(uploaded).succeedsWithin(TIMEOUT);
		assertThat(this.slow.consumed).hasValue(SIZE);
		assertThat(paused).as("flow control paused the request body").isTrue();
		// One batch held, one buffer past a full queue, one counted twice by sampling two
		// counters while it moves from one to the other.
		long bound = WRITE_QUEUE_MAX + (DataBufferReadStream.DEFAULT_BATCH_SIZE + 2) * this.largestBuffer.get();
		assertThat(this.maxHeld.get()).isPositive().isLessThanOrEqualTo(bound);
	}

	private Mono<Void> upload(ServerHttpRequest request, ServerHttpResponse response) {
		DataBufferReadStream body = DataBufferReadStream.of(request.getBody()
			.doOnNext((buffer) -> this.largestBuffer.accumulateAndGet(buffer.readableByteCount(), Math::max)));
		DataBufferWriteStream queue = DataBufferWriteStream.create();
		queue.subscribe(this.slow);
		this.source.set(body);
		this.destination.set(queue);
		this.pump.set(Pump.pump(body, queue, WRITE_QUEUE_MAX).start());
		return this.pump.get().completion().then(Mono.defer(response::setComplete));
	}

	private static Flux<DataBuffer> chunks() {
		byte[] chunk = new byte[32 * 1024];
		ThreadLocalRandom.current().nextBytes(chunk);
		int count = SIZE / chunk.length;
		return Flux.range(0, count + 1)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap((i < count) ? chunk : new byte[SIZE - count * chunk.length]));
	}

	/**
	 * Takes one buffer at a time, then waits as long as its bytes take at
	 * {@value #BYTES_PER_SECOND} bytes per second.
	 */
	private static final class SlowSubscriber extends BaseSubscriber<DataBuffer> {

		private final AtomicLong consumed = new AtomicLong();

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			request(1);
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			int bytes = buffer.readableByteCount();
			this.consumed.addAndGet(bytes);
			DataBufferUtils.release(buffer);
			Schedulers.parallel()
				.schedule(() -> request(1), bytes * 1_000_000L / BYTES_PER_SECOND, TimeUnit.MICROSECONDS);
		}

	}

}
