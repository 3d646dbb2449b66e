package dev.pump.registry;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * One bandwidth limit as a Bucket4j token bucket of bytes, that may go into debt: a pump
 * reports what it has already written, and waits until the debt is paid and a refill
 * chunk is there. Bursts are at most the capacity (one write queue).
 *
 * <p>
 * A token is {@value #UNIT} bytes, refilled at the exact rate ({@code n} tokens per
 * {@code UNIT} seconds): Bucket4j refills at most one token per nanosecond, and limits
 * of hundreds of GB per second are real (an in-memory pump moves that much). Rates above
 * {@link #MAX_BYTES_PER_SECOND} act as that. A report is rounded up to whole tokens,
 * which costs less than a token per budget.
 */
final class TokenBucket {

	// Waiting for a tenth of a second of refill keeps pauses to about ten per second.
	private static final int CHUNKS_PER_SECOND = 10;

	static final int UNIT = 1024;

	static final long MAX_BYTES_PER_SECOND = 1_000_000_000L * UNIT;

	private final Bucket bucket;

	private final long capacity;

	private volatile long bytesPerSecond;

	private volatile long chunk;

	TokenBucket(long bytesPerSecond, long capacity) {
		this.capacity = tokens(Math.max(capacity, UNIT));
		this.bucket = Bucket.builder().addLimit(bandwidth(bytesPerSecond)).build();
		rate(bytesPerSecond);
	}

	long bytesPerSecond() {
		return this.bytesPerSecond;
	}

	// Keeps the tokens (and the debt) as they are: a higher rate pays the debt sooner.
	void replace(long bytesPerSecond) {
		this.bucket.replaceConfiguration(configuration(bytesPerSecond), TokensInheritanceStrategy.AS_IS);
		rate(bytesPerSecond);
	}

	void consume(long bytes) {
		if (bytes > 0) {
			this.bucket.consumeIgnoringRateLimits(tokens(bytes));
		}
	}

	long available() {
		return this.bucket.getAvailableTokens() * UNIT;
	}

	long nanosToWait() {
		return this.bucket.estimateAbilityToConsume(this.chunk).getNanosToWaitForRefill();
	}

	private void rate(long bytesPerSecond) {
		this.bytesPerSecond = bytesPerSecond;
		this.chunk = Math.max(1, Math.min(this.capacity, tokens(bytesPerSecond / CHUNKS_PER_SECOND)));
	}

	private BucketConfiguration configuration(long bytesPerSecond) {
		return BucketConfiguration.builder().addLimit(bandwidth(bytesPerSecond)).build();
	}

	private Bandwidth bandwidth(long bytesPerSecond) {
		return Bandwidth.builder()
			.capacity(this.capacity)
			.refillGreedy(Math.min(bytesPerSecond, MAX_BYTES_PER_SECOND), Duration.ofSeconds(UNIT))
			.build();
	}

	private static long tokens(long bytes) {
		return (bytes + UNIT - 1) / UNIT;
	}

}
