package dev.pump.memory;

import java.util.List;
import java.util.Optional;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link InMemoryReadStream} of buffers against the read stream contract.
 */
class InMemoryReadStreamContractTests extends ReadStreamContractTests<DataBuffer> {

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) {
		return pushed(chunks).end();
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		return Optional.of(pushed(chunks).fail(failure));
	}

	@Override
	protected byte[] bytesOf(DataBuffer item) {
		return TrackingDataBufferFactory.bytes(item);
	}

	@Override
	protected void release(DataBuffer item) {
		DataBufferUtils.release(item);
	}

	private InMemoryReadStream<DataBuffer> pushed(List<byte[]> chunks) {
		InMemoryReadStream<DataBuffer> stream = new InMemoryReadStream<>(DataBufferUtils::release);
		chunks.forEach((chunk) -> stream.push(this.bufferFactory.buffer(chunk)));
		return stream;
	}

}
