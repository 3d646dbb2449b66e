package dev.pump.autoconfigure.tracing;

import dev.pump.PumpFactory;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.registry.ManagedPump;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A WebFlux application with tracing on (OpenTelemetry through Micrometer Tracing), whose
 * handlers pump request bodies with managed pumps, for tests of the transfer spans. Spans
 * go to an in-memory exporter at once.
 */
@SpringBootApplication
public class TracingTestApplication {

	static final InMemorySpanExporter spans = InMemorySpanExporter.create();

	@Bean
	SpanProcessor inMemorySpanProcessor() {
		return SimpleSpanProcessor.create(spans);
	}

	@Bean
	RouterFunction<ServerResponse> uploads(PumpFactory pumpFactory) {
		return RouterFunctions.route()
			.PUT("/upload", (request) -> pump(pumpFactory, request, false))
			.PUT("/refused", (request) -> pump(pumpFactory, request, true))
			.build();
	}

	private static Mono<ServerResponse> pump(PumpFactory pumpFactory, ServerRequest request, boolean refuse) {
		DataBufferReadStream body = DataBufferReadStream.of(request.bodyToFlux(DataBuffer.class));
		DataBufferWriteStream destination = DataBufferWriteStream.create();
		destination.subscribe(new Destination(refuse));
		return ManagedPump.run(pumpFactory.create("upload", body, destination))
			.flatMap((bytes) -> ServerResponse.ok().bodyValue(bytes))
			.onErrorResume((ex) -> ServerResponse.status(HttpStatus.BAD_GATEWAY).build());
	}

	/**
	 * Takes everything, or cancels at the first buffer: a write failure of the pump.
	 */
	private static final class Destination extends BaseSubscriber<DataBuffer> {

		private final boolean refuse;

		Destination(boolean refuse) {
			this.refuse = refuse;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			requestUnbounded();
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			DataBufferUtils.release(buffer);
			if (this.refuse) {
				cancel();
			}
		}

	}

}
