package dev.pump.demo.web;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UploadLimiter}: its permits, and that an upload gives its permit back before its
 * result goes on, once whatever ends it.
 */
class UploadLimiterTests {

	private final UploadLimiter limiter = new UploadLimiter(1);

	@Test
	void refusesAPermitBeyondTheMaximumUntilOneIsGivenBack() {
		assertThat(this.limiter.tryAcquire()).isTrue();
		assertThat(this.limiter.tryAcquire()).isFalse();
		this.limiter.release();
		assertThat(this.limiter.tryAcquire()).isTrue();
	}

	@Test
	void permitIsFreeWhenTheResultGoesOn() {
		assertThat(this.limiter.tryAcquire()).isTrue();
		// What the response does with the result, the client's next upload can race:
		// the permit must be free by then.
		StepVerifier
			.create(this.limiter.releasingPermit(Mono.just("stored")).map((stored) -> this.limiter.tryAcquire()))
			.expectNext(true)
			.verifyComplete();
		assertThat(this.limiter.tryAcquire()).isFalse();
	}

	@Test
	void permitIsGivenBackOnceWhenTheUploadFails() {
		assertThat(this.limiter.tryAcquire()).isTrue();
		StepVerifier.create(this.limiter.releasingPermit(Mono.error(new IOException("disk full"))))
			.verifyError(IOException.class);
		assertThat(this.limiter.tryAcquire()).isTrue();
		assertThat(this.limiter.tryAcquire()).isFalse();
	}

	@Test
	void permitIsHeldWhileTheUploadRunsAndGivenBackOnceWhenItIsCancelled() {
		assertThat(this.limiter.tryAcquire()).isTrue();
		Sinks.One<String> never = Sinks.one();
		StepVerifier.create(this.limiter.releasingPermit(never.asMono()))
			.expectSubscription()
			// Held while the upload runs.
			.then(() -> assertThat(this.limiter.tryAcquire()).isFalse())
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		assertThat(this.limiter.tryAcquire()).isTrue();
		assertThat(this.limiter.tryAcquire()).isFalse();
	}

	@Test
	void permitIsGivenBackOnceWhenTheResultIsFollowedByACancel() {
		assertThat(this.limiter.tryAcquire()).isTrue();
		// A subscriber that takes one value and cancels: the value and the cancel both
		// end
		// the upload.
		StepVerifier.create(this.limiter.releasingPermit(Mono.just("stored")).flux().take(1), 0)
			.thenRequest(1)
			.expectNext("stored")
			.verifyComplete();
		assertThat(this.limiter.tryAcquire()).isTrue();
		assertThat(this.limiter.tryAcquire()).isFalse();
	}

}
