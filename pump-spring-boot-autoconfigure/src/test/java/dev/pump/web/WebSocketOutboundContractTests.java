package dev.pump.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.test.WriteStreamContractTests;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * {@link WebStreams#webSocketOutbound} against the write stream contract: Spring's
 * {@code ReactorNettyWebSocketClient} sends the stream to a real Reactor Netty WebSocket
 * server on 127.0.0.1, which collects the binary messages it receives. The output is
 * complete once the stream has completed and the server has seen the session closed; a
 * server that closes the connection is the destination failing.
 */
class WebSocketOutboundContractTests extends WriteStreamContractTests<DataBuffer> {

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final CompletableFuture<WebSocketCloseStatus> closeStatus = new CompletableFuture<>();

	private final CompletableFuture<Connection> serverSide = new CompletableFuture<>();

	private final CompletableFuture<Connection> clientSide = new CompletableFuture<>();

	private final CompletableFuture<DataBufferWriteStream> outbound = new CompletableFuture<>();

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private DisposableServer server;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws Exception {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnConnection(this.serverSide::complete)
			.route((routes) -> routes.ws("/ws", (in, out) -> {
				in.receiveCloseStatus().subscribe(this.closeStatus::complete);
				return in.receive().asByteArray().doOnNext(this::receive).then();
			}, WebsocketServerSpec.builder().maxFramePayloadLength(1024 * 1024).build()))
			.bindNow();
		URI uri = URI.create("ws://127.0.0.1:" + this.server.port() + "/ws");
		HttpClient client = HttpClient.create().doOnConnected(this.clientSide::complete);
		new ReactorNettyWebSocketClient(client).execute(uri, (session) -> {
			this.outbound.complete(WebStreams.webSocketOutbound(session));
			// The session lasts until the test has the output, as a handler that
			// returns pump.completion() does.
			return Mono.fromFuture(this.done);
		}).subscribe(null, (ex) -> {
			// The tests abort the stream or close the connection on purpose.
		});
		return this.outbound.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected boolean supportsHeldDestination() {
		// The socket buffers and Reactor Netty's prefetch of 128 buffers take what is
		// written at once; nothing here can hold them back.
		return false;
	}

	@Override
	protected void startDestination() {
		// The server is always reading.
	}

	@Override
	protected boolean abortUndoesOutput() {
		// An aborted send closes nothing: the session stays open until its handler
		// completes, and the server then sees the same close as after a normal end (no
		// status, 1005). A receiver cannot tell that the messages are not whole; a
		// protocol on top of the messages has to say where its content ends.
		return false;
	}

	@Override
	protected Optional<byte[]> output() throws Exception {
		if (!this.outbound.get().isCompleted()) {
			return Optional.empty();
		}
		// The handler ends with the stream, and the client closes the session.
		this.done.complete(null);
		this.closeStatus.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this.received) {
			return Optional.of(this.received.toByteArray());
		}
	}

	@Override
	protected boolean failDestination() throws Exception {
		this.serverSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).channel().close().sync();
		// Writes that reach the socket before the client has seen the close succeed
		// locally (TCP acknowledges no delivery): wait for the client to see it. A
		// listener added now runs after the client's own (Netty runs them in order).
		this.clientSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).onDispose().block(timeout());
		return true;
	}

	@Override
	protected void stopDestination() {
		this.done.complete(null);
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	private void receive(byte[] bytes) {
		synchronized (this.received) {
			this.received.writeBytes(bytes);
		}
	}

}
