package dev.pump.demo.web;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the uploads in progress and refuses more than the maximum. A permit is taken
 * before the body is read and given back once the upload has finished, whatever the
 * outcome.
 */
final class UploadLimiter {

	private final int maxUploads;

	private final AtomicInteger inProgress = new AtomicInteger();

	UploadLimiter(int maxUploads) {
		if (maxUploads <= 0) {
			throw new IllegalArgumentException("maxUploads must be greater than zero: " + maxUploads);
		}
		this.maxUploads = maxUploads;
	}

	/**
	 * Take a permit if one is free.
	 * @return whether a permit was taken: the caller must then {@link #release()} it
	 */
	boolean tryAcquire() {
		int current = this.inProgress.get();
		while (current < this.maxUploads) {
			if (this.inProgress.compareAndSet(current, current + 1)) {
				return true;
			}
			current = this.inProgress.get();
		}
		return false;
	}

	/**
	 * Give back a permit.
	 */
	void release() {
		this.inProgress.decrementAndGet();
	}

}
