package dev.pump.s3;

import dev.pump.ReadStream;
import dev.pump.buffer.DataBufferReadStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * Opens download streams: a {@code GetObject} whose body, a publisher of the client
 * ({@link AsyncResponseTransformer#toPublisher()}) that reads the connection only as
 * demand comes, is read through a {@link DataBufferReadStream}. Pausing that stream stops
 * its demand, so the client stops reading and TCP pushes back on S3.
 */
final class S3Download {

	private S3Download() {
	}

	static ReadStream<DataBuffer> open(S3Target target, S3DownloadOptions options) {
		if (options.isEmpty()) {
			return DataBufferReadStream.of(Flux.empty());
		}
		DataBufferFactory factory = options.bufferFactory();
		String ifMatch = options.ifMatch();
		Flux<DataBuffer> content = Mono.fromFuture(() -> target.client()
			.getObject((
					get) -> get.bucket(target.bucket()).key(target.key()).range(options.rangeHeader()).ifMatch(ifMatch),
					AsyncResponseTransformer.toPublisher()))
			.flatMapMany(Flux::from)
			.<DataBuffer>map(factory::wrap)
			.onErrorMap(S3Failures::isNotFound,
					(missing) -> new S3ObjectNotFoundException(target.toString(), S3Failures.unwrap(missing)))
			.onErrorMap((failure) -> ifMatch != null && S3Failures.isPreconditionFailed(failure),
					(changed) -> new S3ObjectChangedException(target.toString(), ifMatch, S3Failures.unwrap(changed)));
		return DataBufferReadStream.of(content, S3DownloadOptions.DEFAULT_BATCH_SIZE);
	}

}
