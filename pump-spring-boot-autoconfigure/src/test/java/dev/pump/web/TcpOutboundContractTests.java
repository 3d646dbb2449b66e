package dev.pump.web;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferWriteStream;
import dev.pump.test.WriteStreamContractTests;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * {@link WebStreams#tcpOutbound(Connection)} against the write stream contract: the
 * stream sends on a client connection to a real Reactor Netty server on 127.0.0.1, which
 * collects what it receives. The output is complete once the stream has completed and the
 * server has read to the end of the connection; a server that closes the connection is
 * the destination failing.
 */
class TcpOutboundContractTests extends WriteStreamContractTests<DataBuffer> {

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final CompletableFuture<Void> receivedAll = new CompletableFuture<>();

	private final CompletableFuture<Connection> serverSide = new CompletableFuture<>();

	private DisposableServer server;

	private Connection connection;

	private DataBufferWriteStream stream;

	@Override
	protected WriteStream<DataBuffer> createWriteStream() {
		this.server = TcpServer.create().host("127.0.0.1").port(0).doOnConnection((serverConnection) -> {
			this.serverSide.complete(serverConnection);
			// Closed by the client once it has sent everything.
			serverConnection.onDispose(() -> this.receivedAll.complete(null));
		}).handle((in, out) -> in.receive().asByteArray().doOnNext(this::receive).then()).bindNow();
		this.connection = TcpClient.create().host("127.0.0.1").port(this.server.port()).connectNow();
		this.stream = WebStreams.tcpOutbound(this.connection);
		return this.stream;
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
		// The connection is always taking.
	}

	@Override
	protected Optional<byte[]> output() throws Exception {
		if (!this.stream.isCompleted()) {
			return Optional.empty();
		}
		// The stream leaves the connection open: its owner closes it when done.
		this.connection.disposeNow();
		this.receivedAll.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this.received) {
			return Optional.of(this.received.toByteArray());
		}
	}

	@Override
	protected boolean failDestination() throws Exception {
		this.serverSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).disposeNow();
		// TCP acknowledges no delivery: writes that reach the socket before the client
		// has
		// seen the close succeed locally. Wait for the client to see it, as a pump would
		// by the time it writes again.
		this.connection.onDispose().block(timeout());
		return true;
	}

	@Override
	protected void stopDestination() {
		if (this.connection != null) {
			this.connection.disposeNow();
		}
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
