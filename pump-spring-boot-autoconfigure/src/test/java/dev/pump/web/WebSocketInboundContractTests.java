package dev.pump.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * {@link WebStreams#webSocketInbound} against the read stream contract: a real Reactor
 * Netty WebSocket server on 127.0.0.1 sends the content as binary messages and closes,
 * and Spring's {@code ReactorNettyWebSocketClient} hands its session to the test. Buffers
 * are the client's own Netty buffers: leak detection checks them.
 */
class WebSocketInboundContractTests extends ReadStreamContractTests<DataBuffer> {

	private final List<DisposableServer> servers = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<Void>> sessions = new CopyOnWriteArrayList<>();

	private final List<Disposable> clients = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopServers() {
		this.sessions.forEach((done) -> done.complete(null));
		this.clients.forEach(Disposable::dispose);
		this.servers.forEach(DisposableServer::disposeNow);
	}

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) throws Exception {
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.ws("/ws",
					(in, out) -> out.sendObject(Flux.fromIterable(chunks)
						.map((bytes) -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))))))
			.bindNow();
		this.servers.add(server);
		CompletableFuture<ReadStream<DataBuffer>> inbound = new CompletableFuture<>();
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.sessions.add(done);
		URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
		this.clients.add(new ReactorNettyWebSocketClient().execute(uri, (session) -> {
			inbound.complete(WebStreams.webSocketInbound(session));
			// The session lasts as long as the test reads it.
			return Mono.fromFuture(done);
		}).subscribe(null, (ex) -> {
			// The test may cancel the inbound.
		}));
		return inbound.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// A WebSocket peer closes the session, with a status or not, and the session's
		// receive completes either way: it cannot hand this stream a failure after the
		// content. The failure path of the stream (a DataBufferReadStream) is covered by
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
