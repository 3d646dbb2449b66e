package dev.pump.buffer;

import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberBlackboxVerification;
import org.reactivestreams.tck.TestEnvironment;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * The Reactive Streams TCK for the {@link Subscriber} that {@link DataBufferReadStream}
 * subscribes to its source, captured by a source that hands it to the TCK. Public, as
 * TestNG requires.
 */
public class DataBufferReadStreamSubscriberTckTests extends SubscriberBlackboxVerification<DataBuffer> {

	public DataBufferReadStreamSubscriberTckTests() {
		super(new TestEnvironment(1000, 100));
	}

	@Override
	public Subscriber<DataBuffer> createSubscriber() {
		AtomicReference<Subscriber<? super DataBuffer>> captured = new AtomicReference<>();
		Publisher<DataBuffer> capturing = captured::set;
		DataBufferReadStream.of(capturing, 4).handler(DataBufferUtils::release);
		return new Forwarding(captured.get());
	}

	@Override
	public DataBuffer createElement(int element) {
		return DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { (byte) element });
	}

	/**
	 * Forwards every signal unchanged, only to give the captured subscriber the type the
	 * TCK asks for.
	 */
	private record Forwarding(Subscriber<? super DataBuffer> delegate) implements Subscriber<DataBuffer> {

		@Override
		public void onSubscribe(Subscription subscription) {
			this.delegate.onSubscribe(subscription);
		}

		@Override
		public void onNext(DataBuffer buffer) {
			this.delegate.onNext(buffer);
		}

		@Override
		public void onError(Throwable failure) {
			this.delegate.onError(failure);
		}

		@Override
		public void onComplete() {
			this.delegate.onComplete();
		}

	}

}
