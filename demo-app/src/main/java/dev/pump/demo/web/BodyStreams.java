package dev.pump.demo.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.buffer.DataBufferWriteStream;

/**
 * Request and response bodies as streams. TEMPORARY until dev.pump.web.WebStreams lands.
 */
final class BodyStreams {

	private BodyStreams() {
	}

	static ReadStream<DataBuffer> requestBody(ServerHttpRequest request) {
		return DataBufferReadStream.of(request.getBody());
	}

	static WriteStream<DataBuffer> responseBody(ServerHttpResponse response) {
		DataBufferWriteStream stream = DataBufferWriteStream.create();
		return stream.completeEndWhen(response.writeWith(stream));
	}

}
