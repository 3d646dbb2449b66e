package dev.pump.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import dev.pump.Pump;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's second example over real sockets: a TCP connection pumped into a WebSocket
 * client, and back.
 */
class TcpWebSocketIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int SIZE = 2 * 1024 * 1024 + 3;

	private static final int CHUNK = 10_007;

	private final byte[] data = random(SIZE);

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final CompletableFuture<Void> receivedAll = new CompletableFuture<>();

	private DisposableServer tcpServer;

	private DisposableServer webSocketServer;

	private Connection connection;

	@AfterEach
	void stop() {
		if (this.connection != null) {
			this.connection.disposeNow();
		}
		if (this.tcpServer != null) {
			this.tcpServer.disposeNow();
		}
		if (this.webSocketServer != null) {
			this.webSocketServer.disposeNow();
		}
	}

	@Test
	@Tag("slow")
	void tcpConnectionIsPumpedIntoWebSocketClient() {
		this.tcpServer = TcpServer.create().host("127.0.0.1").port(0).handle((in, out) -> out.send(chunks())).bindNow();
		this.webSocketServer = webSocketServer((in, out) -> in.receive().doOnNext(this::receive).then());
		this.connection = TcpClient.create().host("127.0.0.1").port(this.tcpServer.port()).connectNow();
		Mono<Void> session = new ReactorNettyWebSocketClient().execute(webSocketUri(),
				(webSocket) -> Pump
					.pump(WebStreams.tcpInbound(this.connection), WebStreams.webSocketOutbound(webSocket))
					.start()
					.completion()
					.then());
		StepVerifier.create(session).expectComplete().verify(TIMEOUT);
		assertThat(this.receivedAll).succeedsWithin(TIMEOUT);
		assertThat(this.received.toByteArray()).isEqualTo(this.data);
	}

	@Test
	void webSocketClientIsPumpedIntoTcpConnection() {
		this.tcpServer = TcpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((in, out) -> in.receive().doOnNext(this::receive).then())
			.bindNow();
		this.webSocketServer = webSocketServer((in, out) -> out.send(chunks()));
		this.connection = TcpClient.create().host("127.0.0.1").port(this.tcpServer.port()).connectNow();
		Mono<Void> session = new ReactorNettyWebSocketClient().execute(webSocketUri(),
				(webSocket) -> Pump
					.pump(WebStreams.webSocketInbound(webSocket), WebStreams.tcpOutbound(this.connection))
					.start()
					.completion()
					.then());
		StepVerifier.create(session).expectComplete().verify(TIMEOUT);
		this.connection.disposeNow();
		assertThat(this.receivedAll).succeedsWithin(TIMEOUT);
		assertThat(this.received.toByteArray()).isEqualTo(this.data);
	}

	private DisposableServer webSocketServer(BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> handler) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.ws("/ws", handler,
					WebsocketServerSpec.builder().maxFramePayloadLength(1024 * 1024).build()))
			.bindNow();
	}

	private void receive(ByteBuf buffer) {
		byte[] bytes = new byte[buffer.readableBytes()];
		buffer.readBytes(bytes);
		synchronized (this.received) {
			this.received.writeBytes(bytes);
			if (this.received.size() >= SIZE) {
				this.receivedAll.complete(null);
			}
		}
	}

	private Flux<ByteBuf> chunks() {
		return Flux.range(0, (SIZE + CHUNK - 1) / CHUNK)
			.map((i) -> Unpooled.wrappedBuffer(this.data, i * CHUNK, Math.min(CHUNK, SIZE - i * CHUNK)));
	}

	private URI webSocketUri() {
		return URI.create("ws://127.0.0.1:" + this.webSocketServer.port() + "/ws");
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
