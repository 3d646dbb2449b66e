package dev.pump.demo.web;

import java.util.List;
import java.util.Optional;

import dev.pump.ReadStream;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link LimitedBodyReadStream} against the read stream contract: a body within its limit
 * that announced its length, over an in-memory source.
 */
class LimitedBodyReadStreamContractTests extends ReadStreamContractTests<DataBuffer> {

	private static final long LIMIT = 1024 * 1024;

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) {
		return limited(pushed(chunks).end(), chunks);
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		return Optional.of(limited(pushed(chunks).fail(failure), chunks));
	}

	@Override
	protected byte[] bytesOf(DataBuffer item) {
		return TrackingDataBufferFactory.bytes(item);
	}

	@Override
	protected void release(DataBuffer item) {
		DataBufferUtils.release(item);
	}

	private static LimitedBodyReadStream limited(ReadStream<DataBuffer> source, List<byte[]> chunks) {
		long announced = chunks.stream().mapToLong((chunk) -> chunk.length).sum();
		return new LimitedBodyReadStream(source, LIMIT, announced, TooLarge::new);
	}

	private InMemoryReadStream<DataBuffer> pushed(List<byte[]> chunks) {
		InMemoryReadStream<DataBuffer> stream = new InMemoryReadStream<>(DataBufferUtils::release);
		chunks.forEach((chunk) -> stream.push(this.bufferFactory.buffer(chunk)));
		return stream;
	}

	private static final class TooLarge extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TooLarge(long limit) {
			super("Body over " + limit + " bytes");
		}

	}

}
