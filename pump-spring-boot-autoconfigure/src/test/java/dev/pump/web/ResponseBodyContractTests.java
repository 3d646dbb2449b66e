package dev.pump.web;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WebStreams#responseBody} against the write stream contract: a real WebFlux
 * server on 127.0.0.1 hands the body of its response to the test, and a Reactor Netty
 * client reads it. The output is complete when the client has read the whole body; a
 * client that closes its connection mid-body is the destination failing.
 */
class ResponseBodyContractTests extends WriteStreamContractTests<DataBuffer> {

	private final CompletableFuture<DataBufferWriteStream> body = new CompletableFuture<>();

	private final CompletableFuture<Void> handled = new CompletableFuture<>();

	private final CompletableFuture<Connection> clientConnection = new CompletableFuture<>();

	private final CompletableFuture<Connection> serverSide = new CompletableFuture<>();

	private TestHttpServer server;

	private CompletableFuture<byte[]> received;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws Exception {
		this.server = new TestHttpServer((request, response) -> {
			HttpServerResponse serverResponse = ServerHttpResponseDecorator.getNativeResponse(response);
			serverResponse.withConnection(this.serverSide::complete);
			this.body.complete(WebStreams.responseBody(response));
			// The handler is done once the test is: the body completes the response.
			return Mono.fromFuture(this.handled);
		});
		this.received = HttpClient.create()
			.doOnConnected(this.clientConnection::complete)
			.get()
			.uri(this.server.url("/body"))
			.responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0]))
			.toFuture();
		return this.body.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected boolean supportsHeldDestination() {
		// The socket buffers, the client and Reactor Netty's prefetch of 128 buffers take
		// what is written at once; nothing here can hold them back.
		return false;
	}

	@Override
	protected void startDestination() {
		// The client is always reading.
	}

	@Override
	protected Optional<byte[]> output() throws Exception {
		// The handler ends with the body, as one that returns pump.completion() does.
		if (this.body.get().isCompleted()) {
			this.handled.complete(null);
		}
		else {
			this.handled.completeExceptionally(new CancellationException("body not complete"));
		}
		try {
			return Optional.of(this.received.get(timeout().toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException ex) {
			// A connection closed before the end of the body: no complete output.
			return Optional.empty();
		}
	}

	@Override
	protected boolean failDestination() throws Exception {
		// The client goes away mid-body. Writes that reach the socket before the server
		// has seen the close succeed locally (TCP acknowledges no delivery): wait for the
		// server to see it, as a pump would by the time it writes again. A listener added
		// now runs after the server's own (Netty runs them in order).
		closeClientConnection();
		this.serverSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).onDispose().block(timeout());
		return true;
	}

	@Test
	void clientGoingAwayBeforeTheFirstBufferIsAWriteFailure() throws Exception {
		WriteStream<DataBuffer> stream = createWriteStream();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		stream.exceptionHandler(failures::add);
		closeClientConnection();
		await().atMost(timeout()).until(() -> !failures.isEmpty());
		assertThat(failures).singleElement().isInstanceOf(CancellationException.class);
		assertThat(stream.end()).isCompletedExceptionally();
	}

	// Closes the socket: disposing of the client's connection object would only give it
	// back to the client's pool, and the server would see nothing.
	private void closeClientConnection() throws Exception {
		this.clientConnection.get(timeout().toMillis(), TimeUnit.MILLISECONDS).channel().close().sync();
	}

	@Override
	protected void stopDestination() {
		this.handled.complete(null);
		if (this.server != null) {
			this.server.close();
		}
	}

}
