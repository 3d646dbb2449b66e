package dev.pump.readme;

import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.s3.S3DownloadOptions;
import dev.pump.s3.S3Streams;
import dev.pump.s3.S3UploadOptions;
import dev.pump.s3.S3WriteStream;
import dev.pump.web.WebStreams;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The README's S3 endpoints, "S3: upload and download endpoints".
 */
@RestController
class S3ObjectController {

	private final PumpFactory pumpFactory;

	private final S3AsyncClient s3;

	S3ObjectController(PumpFactory pumpFactory, S3AsyncClient s3) {
		this.pumpFactory = pumpFactory;
		this.s3 = s3;
	}

	@PutMapping("/objects/{key}")
	Mono<Void> upload(@PathVariable String key, ServerHttpRequest request) {
		S3WriteStream object = S3Streams.upload(this.s3, "my-bucket", key,
				S3UploadOptions.defaults().contentType("application/pdf"));
		return this.pumpFactory.create("s3-upload", WebStreams.requestBody(request), object)
			.start()
			.completion()
			.then();
	}

	@GetMapping("/objects/{key}")
	Mono<Void> download(@PathVariable String key, ServerHttpResponse response) {
		ReadStream<DataBuffer> object = S3Streams.download(this.s3, "my-bucket", key,
				S3DownloadOptions.defaults().bufferFactory(response.bufferFactory()));
		return this.pumpFactory.create("s3-download", object, WebStreams.responseBody(response))
			.start()
			.completion()
			.then();
	}

}
