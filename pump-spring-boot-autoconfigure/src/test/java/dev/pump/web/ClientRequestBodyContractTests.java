package dev.pump.web;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.test.TrackingDataBufferFactory;
import dev.pump.test.WriteStreamContractTests;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link WebStreams#clientRequestBody} against the write stream contract: a
 * {@code WebClient} sends the stream as the body of a request to a real WebFlux server on
 * 127.0.0.1, which collects what it receives. The output is complete once the server has
 * read the whole body; a server that closes the connection is the destination failing.
 */
class ClientRequestBodyContractTests extends WriteStreamContractTests<DataBuffer> {

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final CompletableFuture<Void> receivedAll = new CompletableFuture<>();

	private final CompletableFuture<Connection> serverSide = new CompletableFuture<>();

	private final CompletableFuture<Connection> clientSide = new CompletableFuture<>();

	private TestHttpServer server;

	private DataBufferWriteStream stream;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() {
		this.server = new TestHttpServer((request, response) -> {
			HttpServerRequest serverRequest = ServerHttpRequestDecorator.getNativeRequest(request);
			serverRequest.withConnection(this.serverSide::complete);
			return request.getBody()
				.doOnNext(this::receive)
				.then(Mono.fromRunnable(() -> this.receivedAll.complete(null)))
				.then(Mono.defer(response::setComplete));
		});
		HttpClient client = HttpClient.create().doOnConnected(this.clientSide::complete);
		this.stream = WebStreams.clientRequestBody();
		WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(client))
			.build()
			.post()
			.uri(this.server.url("/body"))
			.body(WebStreams.bodyInserter(this.stream))
			.retrieve()
			.toBodilessEntity()
			.subscribe(null, (ex) -> {
				// The tests abort the body or close the connection on purpose.
			});
		return this.stream;
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected boolean supportsHeldDestination() {
		// The socket buffers, the server and Reactor Netty's prefetch of 128 buffers take
		// what is written at once; nothing here can hold them back.
		return false;
	}

	@Override
	protected void startDestination() {
		// The server is always reading.
	}

	@Override
	protected Optional<byte[]> output() throws Exception {
		if (!this.stream.isCompleted()) {
			return Optional.empty();
		}
		this.receivedAll.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this.received) {
			return Optional.of(this.received.toByteArray());
		}
	}

	@Override
	protected boolean failDestination() throws Exception {
		this.serverSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).channel().close().sync();
		// Writes that reach the socket before the client has seen the close succeed
		// locally (TCP acknowledges no delivery): wait for the client to see it, as a
		// pump would by the time it writes again. A listener added now runs after the
		// client's own (Netty runs them in order; a waiter would wake before them).
		this.clientSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).onDispose().block(timeout());
		return true;
	}

	@Override
	protected void stopDestination() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private void receive(DataBuffer buffer) {
		byte[] bytes = TrackingDataBufferFactory.bytes(buffer);
		DataBufferUtils.release(buffer);
		synchronized (this.received) {
			this.received.writeBytes(bytes);
		}
	}

}
