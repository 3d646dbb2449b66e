package dev.pump.buffer;

import java.util.List;
import java.util.Optional;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link DataBufferReadStream} over a {@code Flux} against the read stream contract. The
 * buffers arrive on another thread than the test's, as a server's request body comes from
 * its event loop.
 */
class DataBufferReadStreamContractTests extends ReadStreamContractTests<DataBuffer> {

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) {
		return DataBufferReadStream.of(source(chunks), 4);
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		return Optional.of(DataBufferReadStream.of(source(chunks).concatWith(Flux.error(failure)), 4));
	}

	@Override
	protected byte[] bytesOf(DataBuffer item) {
		return TrackingDataBufferFactory.bytes(item);
	}

	@Override
	protected void release(DataBuffer item) {
		DataBufferUtils.release(item);
	}

	private Flux<DataBuffer> source(List<byte[]> chunks) {
		// Allocated after the thread hop, on demand: every buffer allocated is one the
		// stream asked for, so what is left unreleased is the stream's.
		return Flux.fromIterable(chunks).publishOn(Schedulers.parallel(), 2).map(this.bufferFactory::buffer);
	}

}
