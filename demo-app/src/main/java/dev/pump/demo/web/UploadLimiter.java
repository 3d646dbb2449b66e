package dev.pump.demo.web;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

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

	/**
	 * Give back the permit of an upload once it ends, before its result goes on, or when
	 * it is cancelled; once in any case. Not after the result: the response can reach the
	 * client, and its next upload the server, before a {@code doFinally} has run, and
	 * that upload would be refused for a permit about to be free.
	 * @param <T> the result type
	 * @param upload the upload, for which a permit was taken
	 * @return the upload, giving back its permit
	 */
	<T> Mono<T> releasingPermit(Mono<T> upload) {
		AtomicBoolean released = new AtomicBoolean();
		Runnable release = () -> {
			if (released.compareAndSet(false, true)) {
				release();
			}
		};
		return upload.doOnEach((signal) -> release.run()).doOnCancel(release);
	}

}
