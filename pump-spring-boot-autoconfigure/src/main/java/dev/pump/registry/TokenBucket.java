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
 * Bucket4j refills at most one token per nanosecond, and limits of hundreds of GB per
 * second are real (an in-memory pump moves that much): above 1 GB/s, a token is as many
 * bytes as the rate needs, so a report rounded up to whole tokens costs at most a
 * nanosecond of transfer.
 */
final class TokenBucket {

	// Waiting for a tenth of a second of refill keeps pauses to about ten per second.
	private static final int CHUNKS_PER_SECOND = 10;

	private static final long MAX_TOKENS_PER_SECOND = 1_000_000_000L;

	private final long capacityBytes;

	private volatile State state;

	TokenBucket(long bytesPerSecond, long capacity) {
		this.capacityBytes = Math.max(capacity, 1);
		this.state = new State(bytesPerSecond, this.capacityBytes);
	}

	long bytesPerSecond() {
		return this.state.bytesPerSecond;
	}

	// Keeps the tokens (and the debt) as they are, so a higher rate pays the debt sooner;
	// a rate that needs larger tokens starts a new bucket, full.
	synchronized void replace(long bytesPerSecond) {
		State current = this.state;
		if (unit(bytesPerSecond) == current.unit) {
			current.bucket.replaceConfiguration(
					BucketConfiguration.builder().addLimit(current.bandwidth(bytesPerSecond)).build(),
					TokensInheritanceStrategy.AS_IS);
			this.state = new State(current.bucket, bytesPerSecond, current.unit, current.capacity);
		}
		else {
			this.state = new State(bytesPerSecond, this.capacityBytes);
		}
	}

	void consume(long bytes) {
		if (bytes > 0) {
			State current = this.state;
			current.bucket.consumeIgnoringRateLimits(current.tokens(bytes));
		}
	}

	long available() {
		State current = this.state;
		return current.bucket.getAvailableTokens() * current.unit;
	}

	long nanosToWait() {
		State current = this.state;
		long chunk = Math.max(1,
				Math.min(current.capacity, current.tokens(current.bytesPerSecond / CHUNKS_PER_SECOND)));
		return current.bucket.estimateAbilityToConsume(chunk).getNanosToWaitForRefill();
	}

	private static long unit(long bytesPerSecond) {
		return Math.max(1, (bytesPerSecond + MAX_TOKENS_PER_SECOND - 1) / MAX_TOKENS_PER_SECOND);
	}

	private static final class State {

		private final Bucket bucket;

		private final long bytesPerSecond;

		private final long unit;

		private final long capacity;

		State(long bytesPerSecond, long capacityBytes) {
			this.bytesPerSecond = bytesPerSecond;
			this.unit = unit(bytesPerSecond);
			this.capacity = Math.max(1, tokens(capacityBytes));
			this.bucket = Bucket.builder().addLimit(bandwidth(bytesPerSecond)).build();
		}

		State(Bucket bucket, long bytesPerSecond, long unit, long capacity) {
			this.bucket = bucket;
			this.bytesPerSecond = bytesPerSecond;
			this.unit = unit;
			this.capacity = capacity;
		}

		Bandwidth bandwidth(long bytesPerSecond) {
			return Bandwidth.builder()
				.capacity(this.capacity)
				.refillGreedy(Math.max(1, bytesPerSecond / this.unit), Duration.ofSeconds(1))
				.build();
		}

		long tokens(long bytes) {
			return (bytes + this.unit - 1) / this.unit;
		}

	}

}
