package dev.pump.web;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link WebStreams#requestBody} against the read stream contract: a Reactor Netty client
 * sends the content as the body of a request to a real WebFlux server on 127.0.0.1, whose
 * handler hands the request body to the test. Buffers are the server's own Netty buffers:
 * leak detection checks them.
 */
class RequestBodyContractTests extends ReadStreamContractTests<DataBuffer> {

	private final List<TestHttpServer> servers = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<Void>> handlers = new CopyOnWriteArrayList<>();

	private final List<Disposable> clients = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopServers() {
		this.handlers.forEach((handled) -> handled.complete(null));
		this.clients.forEach(Disposable::dispose);
		this.servers.forEach(TestHttpServer::close);
	}

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) throws Exception {
		CompletableFuture<ReadStream<DataBuffer>> body = new CompletableFuture<>();
		CompletableFuture<Void> handled = new CompletableFuture<>();
		this.handlers.add(handled);
		TestHttpServer server = new TestHttpServer((request, response) -> {
			body.complete(WebStreams.requestBody(request));
			// The handler is done once the test is, as one that returns
			// pump.completion().
			return Mono.fromFuture(handled);
		});
		this.servers.add(server);
		this.clients.add(HttpClient.create()
			.post()
			.uri(server.url("/body"))
			.send(Flux.fromIterable(chunks).map(Unpooled::wrappedBuffer))
			.responseSingle((response, content) -> content.asByteArray())
			.subscribe(null, (ex) -> {
				// The server may reset the connection once the test is over.
			}));
		return body.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// A client can only end the body or go away, and Reactor Netty reports the latter
		// as its own AbortedException: it cannot hand this stream a given failure. The
		// failure path of the stream (a DataBufferReadStream) is covered by its contract
		// test.
		return Optional.empty();
	}

	@Override
	protected byte[] bytesOf(DataBuffer item) {
		return TrackingDataBufferFactory.bytes(item);
	}

	@Override
	protected void release(DataBuffer item) {
		DataBufferUtils.release(item);
	}

}
