package dev.pump.readme;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Tests for {@link CoreExample}.
 */
class CoreExampleTests {

	@Test
	void pumpsEverythingPushed() {
		StepVerifier.create(CoreExample.pumpInMemory().completion())
			.expectNext(5L)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

}
