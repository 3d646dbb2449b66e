package dev.pump.autoconfigure.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the span of a transfer with a real tracer (Micrometer Tracing's OpenTelemetry
 * bridge, spans exported in memory), started by a managed pump inside a WebFlux handler
 * of a running server.
 */
@SpringBootTest(classes = TracingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.tracing.sampling.probability=1.0",
				"management.tracing.export.enabled=true" })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class PumpTracingWebTests {

	private static final int SIZE = 1024 * 1024;

	@Autowired
	private WebTestClient client;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void resetSpans() {
		TracingTestApplication.spans.reset();
	}

	@Test
	void transferIsOneSpanChildOfRequestSpan() {
		this.client.put()
			.uri("/upload")
			.bodyValue(new byte[SIZE])
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Long.class)
			.isEqualTo((long) SIZE);
		SpanData server = awaitSpan(SpanKind.SERVER);
		List<SpanData> transfers = transferSpans();
		assertThat(transfers).hasSize(1);
		SpanData transfer = transfers.get(0);
		assertThat(transfer.getName()).isEqualTo("pump upload");
		assertThat(transfer.getTraceId()).isEqualTo(server.getTraceId());
		assertThat(transfer.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(transfer.getAttributes().get(AttributeKey.stringKey("pump.name"))).isEqualTo("upload");
		assertThat(transfer.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("success");
		assertThat(transfer.getAttributes().get(AttributeKey.stringKey("pump.bytes")))
			.isEqualTo(Integer.toString(SIZE));
		assertThat(transfer.getAttributes().get(AttributeKey.stringKey("pump.id"))).isNotBlank();
		assertThat(transfer.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
	}

	@Test
	void failedTransferRecordsError() {
		this.client.put()
			.uri("/refused")
			.bodyValue(new byte[SIZE])
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectBody(Void.class);
		awaitSpan(SpanKind.SERVER);
		SpanData transfer = transferSpans().get(0);
		assertThat(transfer.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("failure");
		assertThat(transfer.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(transfer.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
	}

	@Test
	void logLineOfFinishedTransferCarriesTraceId(CapturedOutput output) {
		this.client.put()
			.uri("/upload")
			.bodyValue(new byte[SIZE])
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Long.class)
			.isEqualTo((long) SIZE);
		awaitSpan(SpanKind.SERVER);
		SpanData transfer = transferSpans().get(0);
		String id = transfer.getAttributes().get(AttributeKey.stringKey("pump.id"));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("Transfer 'upload' " + id + " success: " + SIZE + " bytes in \\d+ ms"));
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("Transfer 'upload' " + id))
			.findFirst()
			.orElseThrow();
		assertThat(line).contains(transfer.getTraceId());
	}

	@Test
	void observationMakesNoMetersOfItsOwn() {
		this.client.put()
			.uri("/upload")
			.bodyValue(new byte[SIZE])
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Long.class)
			.isEqualTo((long) SIZE);
		awaitSpan(SpanKind.SERVER);
		// Observations do make meters here: the HTTP request's timer comes from its own.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.meters.find("http.server.requests").timers()).isNotEmpty());
		assertThat(this.meters.find("pump.transfers").timers()).isNotEmpty();
		assertThat(this.meters.getMeters())
			.noneSatisfy((meter) -> assertThat(meter.getId().getName()).matches("pump\\.transfer(\\..*)?"));
	}

	private static SpanData awaitSpan(SpanKind kind) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> find(kind), Optional::isPresent).orElseThrow();
	}

	private static Optional<SpanData> find(SpanKind kind) {
		return TracingTestApplication.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == kind)
			.findFirst();
	}

	private static List<SpanData> transferSpans() {
		return TracingTestApplication.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().startsWith("pump "))
			.toList();
	}

}
