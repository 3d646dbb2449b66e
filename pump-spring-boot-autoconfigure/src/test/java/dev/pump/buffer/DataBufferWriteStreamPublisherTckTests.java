package dev.pump.buffer;

import dev.pump.Pump;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * The Reactive Streams TCK for the {@link Publisher} side of
 * {@link DataBufferWriteStream}, fed by a pump from a {@link DataBufferReadStream} so
 * that elements are produced on demand. Public, as TestNG requires; heap buffers, as the
 * TCK does not release what it receives.
 */
public class DataBufferWriteStreamPublisherTckTests extends PublisherVerification<DataBuffer> {

	public DataBufferWriteStreamPublisherTckTests() {
		super(new TestEnvironment(1000, 100), 1000);
	}

	@Override
	public Publisher<DataBuffer> createPublisher(long elements) {
		DataBufferWriteStream stream = DataBufferWriteStream.create();
		Flux<DataBuffer> source = Flux.generate(() -> 0L, (index, sink) -> {
			if (index < elements) {
				sink.next(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { (byte) (long) index }));
			}
			else {
				sink.complete();
			}
			return index + 1;
		});
		Pump.pump(DataBufferReadStream.of(source), stream, 64).start();
		return stream;
	}

	@Override
	public Publisher<DataBuffer> createFailedPublisher() {
		DataBufferWriteStream stream = DataBufferWriteStream.create();
		stream.abort(new IllegalStateException("failed on purpose"));
		return stream;
	}

}
