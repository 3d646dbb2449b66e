package dev.pump.web;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterEach;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link WebStreams#clientResponseBody} against the read stream contract: a real WebFlux
 * server on 127.0.0.1 answers with the content, and a {@code WebClient} hands the body of
 * the response to the test. Buffers are the client's own Netty buffers: leak detection
 * checks them.
 */
class ClientResponseBodyContractTests extends ReadStreamContractTests<DataBuffer> {

	private final List<TestHttpServer> servers = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<Void>> exchanges = new CopyOnWriteArrayList<>();

	private final List<Disposable> clients = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopServers() {
		this.exchanges.forEach((done) -> done.complete(null));
		this.clients.forEach(Disposable::dispose);
		this.servers.forEach(TestHttpServer::close);
	}

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) throws Exception {
		TestHttpServer server = new TestHttpServer((request, response) -> response
			.writeWith(Flux.fromIterable(chunks).map((bytes) -> response.bufferFactory().wrap(bytes))));
		this.servers.add(server);
		CompletableFuture<ReadStream<DataBuffer>> body = new CompletableFuture<>();
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.exchanges.add(done);
		this.clients.add(WebClient.create(server.url("/body")).get().exchangeToMono((response) -> {
			body.complete(WebStreams.clientResponseBody(response));
			// The exchange lasts as long as the test reads the body.
			return Mono.fromFuture(done);
		}).subscribe(null, (ex) -> {
			// The body may be cancelled by the test.
		}));
		return body.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// A server can only end the body or close the connection, and Reactor Netty
		// reports
		// the latter as its own PrematureCloseException: it cannot hand this stream a
		// given
		// failure. The failure path of the stream (a DataBufferReadStream) is covered by
		// its contract test.
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
