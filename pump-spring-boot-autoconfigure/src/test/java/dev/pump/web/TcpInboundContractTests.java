package dev.pump.web;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.TrackingDataBufferFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link WebStreams#tcpInbound(Connection)} against the read stream contract: a real
 * Reactor Netty server on 127.0.0.1 sends the content and closes, and the stream reads
 * the client side of the connection. Buffers are Netty's own: leak detection checks them.
 */
class TcpInboundContractTests extends ReadStreamContractTests<DataBuffer> {

	private final List<DisposableServer> servers = new CopyOnWriteArrayList<>();

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeConnections() {
		this.connections.forEach(Connection::disposeNow);
		this.servers.forEach(DisposableServer::disposeNow);
	}

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) {
		DisposableServer server = TcpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((in, out) -> in.receive()
				.next()
				.thenMany(out.send(Flux.fromIterable(chunks).map(Unpooled::wrappedBuffer))))
			.bindNow();
		this.servers.add(server);
		Connection connection = TcpClient.create().host("127.0.0.1").port(server.port()).connectNow();
		this.connections.add(connection);
		return WebStreams.tcpInbound(askingInbound(connection));
	}

	// The client asks for the content once the stream subscribes to its inbound: a peer
	// that sent and closed before that would find Reactor Netty has discarded what nobody
	// subscribed to.
	private static NettyInbound askingInbound(Connection connection) {
		NettyInbound inbound = connection.inbound();
		Flux<ByteBuf> asking = inbound.receive()
			.doOnSubscribe((subscription) -> connection.outbound().sendString(Mono.just("go")).then().subscribe());
		return new NettyInbound() {

			@Override
			public ByteBufFlux receive() {
				return ByteBufFlux.fromInbound(asking);
			}

			@Override
			public Flux<?> receiveObject() {
				return inbound.receiveObject();
			}

			@Override
			public NettyInbound withConnection(Consumer<? super Connection> withConnection) {
				inbound.withConnection(withConnection);
				return this;
			}

		};
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// A TCP peer ends or resets the connection, and Reactor Netty completes the
		// inbound
		// either way: it cannot hand this stream a failure after the content. The failure
		// path of the stream (a DataBufferReadStream) is covered by its contract test.
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
