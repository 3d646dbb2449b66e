package dev.pump.s3;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReleasableRequestBody}: the same bytes to every subscriber until released, then
 * an error instead of bytes.
 */
class ReleasableRequestBodyTests {

	@Test
	void everySubscriptionGetsTheWholeBodyUntilReleased() {
		ByteBuffer[] content = { ByteBuffer.wrap("hello ".getBytes(StandardCharsets.UTF_8)),
				ByteBuffer.allocateDirect(5).put("world".getBytes(StandardCharsets.UTF_8)).flip() };
		ReleasableRequestBody body = new ReleasableRequestBody(content);
		assertThat(body.contentLength()).contains(11L);
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(Flux.from(body).map(ReleasableRequestBodyTests::text).reduce(String::concat))
				.expectNext("hello world")
				.verifyComplete();
		}
		body.release();
		assertThat(body.contentLength()).contains(11L);
		StepVerifier.create(Flux.from(body))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class).hasMessageContaining("released"))
			.verify();
	}

	private static String text(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
