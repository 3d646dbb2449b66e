package dev.pump.demo.web;

import java.util.Objects;

import dev.pump.buffer.DataBuffers;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.multipart.PartEvent;

/**
 * The content of one part's events, for a read stream: a cancel from the reader is not
 * passed on to the multipart parser, the rest of the part is read and released instead.
 *
 * <p>
 * Cancelling Spring's multipart pipeline half-way loses buffers: the parser queues tokens
 * (not buffers, so no discard hook can release them) and windows in operators that drop
 * them on cancel. Read to its end or to its error, the pipeline releases or hands on
 * every buffer. So a part that fails (over the limit, a full storage) is read on and
 * dropped here, and the connection, closed after the error response, ends it.
 */
final class PartContent implements Publisher<DataBuffer> {

	private final Publisher<? extends PartEvent> events;

	private PartContent(Publisher<? extends PartEvent> events) {
		this.events = events;
	}

	/**
	 * Return the content of the given events.
	 * @param events the events of one part
	 * @return the content, read to the end even if cancelled
	 */
	static PartContent of(Publisher<? extends PartEvent> events) {
		return new PartContent(Objects.requireNonNull(events, "events"));
	}

	@Override
	public void subscribe(Subscriber<? super DataBuffer> actual) {
		this.events.subscribe(new ContentSubscriber(actual));
	}

	private static final class ContentSubscriber implements Subscriber<PartEvent>, Subscription {

		private final Subscriber<? super DataBuffer> actual;

		private volatile boolean cancelled;

		private volatile Subscription upstream = EmptySubscription.INSTANCE;

		ContentSubscriber(Subscriber<? super DataBuffer> actual) {
			this.actual = actual;
		}

		@Override
		public void onSubscribe(Subscription s) {
			this.upstream = s;
			this.actual.onSubscribe(this);
		}

		@Override
		public void onNext(PartEvent event) {
			if (this.cancelled) {
				DataBuffers.release(event.content());
				return;
			}
			// Should the reader cancel meanwhile, it releases what arrives after.
			this.actual.onNext(event.content());
		}

		@Override
		public void onError(Throwable failure) {
			if (!this.cancelled) {
				this.actual.onError(failure);
			}
		}

		@Override
		public void onComplete() {
			if (!this.cancelled) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			if (!this.cancelled) {
				this.upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			if (!this.cancelled) {
				this.cancelled = true;
				this.upstream.request(Long.MAX_VALUE);
			}
		}

	}

	private enum EmptySubscription implements Subscription {

		INSTANCE;

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
		}

	}

}
