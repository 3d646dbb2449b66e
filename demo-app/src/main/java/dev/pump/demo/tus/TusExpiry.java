package dev.pump.demo.tus;

import java.time.Duration;

import dev.pump.demo.config.DemoProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes expired resumable uploads (state and partial data) every
 * {@code demo.uploads.cleanup-interval}, while the application runs.
 */
@Component
class TusExpiry implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TusExpiry.class);

	private final TusUploads uploads;

	private final Duration interval;

	private volatile @Nullable Disposable cleanup;

	TusExpiry(TusUploads uploads, DemoProperties properties) {
		this.uploads = uploads;
		this.interval = properties.getUploads().getCleanupInterval();
	}

	@Override
	public void start() {
		this.cleanup = Flux.interval(this.interval)
			.concatMap((tick) -> this.uploads.deleteExpired().onErrorResume((ex) -> {
				logger.warn("Cleaning up expired uploads failed", ex);
				return Mono.empty();
			}))
			.subscribe((deleted) -> {
				if (deleted > 0) {
					logger.info("Deleted " + deleted + " expired uploads");
				}
			});
	}

	@Override
	public void stop() {
		Disposable current = this.cleanup;
		if (current != null) {
			current.dispose();
		}
		this.cleanup = null;
	}

	@Override
	public boolean isRunning() {
		return this.cleanup != null;
	}

}
