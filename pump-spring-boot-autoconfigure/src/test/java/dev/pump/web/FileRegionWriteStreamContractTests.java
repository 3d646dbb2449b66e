package dev.pump.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.pump.WriteStream;
import dev.pump.test.WriteStreamContractTests;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FileRegionWriteStream} against the write stream contract: the stream writes
 * regions of real files into the channel of a connection accepted by a real Reactor Netty
 * server on 127.0.0.1, as {@link FileResponses} does into an HTTP connection, and a
 * client collects what arrives. The stream leaves the channel open on end: the output is
 * complete once {@code end()} has succeeded and the client has read to the close that
 * follows. A client that goes away is the destination failing. Every region written must
 * have been released (by the channel once sent or failed, by the stream when dropped).
 */
class FileRegionWriteStreamContractTests extends WriteStreamContractTests<FileRegion> {

	@TempDir
	Path directory;

	private final List<FileRegion> regions = new CopyOnWriteArrayList<>();

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final CompletableFuture<Void> receivedAll = new CompletableFuture<>();

	private final CompletableFuture<Connection> serverSide = new CompletableFuture<>();

	private DisposableServer server;

	private Connection client;

	private FileRegionWriteStream stream;

	@Override
	protected WriteStream<FileRegion> createWriteStream() throws Exception {
		this.server = TcpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnConnection(this.serverSide::complete)
			.handle((in, out) -> Mono.never())
			.bindNow();
		// A Netty handler of its own, in place as the connection is made: a subscriber to
		// the connection's inbound flux, subscribed afterwards, missed every byte in 3
		// runs of 400 on a loaded machine (the connection closed, the flux never ended).
		this.client = TcpClient.create()
			.host("127.0.0.1")
			.port(this.server.port())
			.doOnConnected((connection) -> connection.addHandlerLast("collect", new Collector()))
			.connectNow();
		Connection connection = this.serverSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		this.stream = new FileRegionWriteStream(connection.channel());
		return this.stream;
	}

	@Override
	protected FileRegion createItem(byte[] bytes) {
		try {
			Path file = Files.write(this.directory.resolve("region-" + this.regions.size()), bytes);
			FileRegion region = new DefaultFileRegion(file.toFile(), 0, bytes.length);
			this.regions.add(region);
			return region;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	protected boolean supportsHeldDestination() {
		// The socket buffers of both ends take what is written at once; a client that
		// does
		// not read holds nothing back until they are full.
		return false;
	}

	@Override
	protected void startDestination() {
		// The client is always reading.
	}

	@Override
	protected Optional<byte[]> output() throws Exception {
		// end() may be called again: it follows the last region written, and fails once
		// the stream was aborted.
		try {
			this.stream.end().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			return Optional.empty();
		}
		// The stream leaves the channel open: its owner closes it when done.
		this.serverSide.get().disposeNow();
		this.receivedAll.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		synchronized (this.received) {
			return Optional.of(this.received.toByteArray());
		}
	}

	@Override
	protected boolean failDestination() throws Exception {
		this.client.disposeNow();
		// TCP acknowledges no delivery: wait for the server side to see the close, as a
		// pump would by the time it writes again.
		this.serverSide.get(timeout().toMillis(), TimeUnit.MILLISECONDS).onDispose().block(timeout());
		return true;
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		await().atMost(timeout())
			.untilAsserted(() -> assertThat(this.regions)
				.allSatisfy((region) -> assertThat(region.refCnt()).as("references of a region written").isZero()));
	}

	@Override
	protected void stopDestination() {
		if (this.client != null) {
			this.client.disposeNow();
		}
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	/**
	 * Collects what the client receives, until the connection closes.
	 */
	private final class Collector extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			ByteBuf bytes = (ByteBuf) message;
			try {
				synchronized (FileRegionWriteStreamContractTests.this.received) {
					bytes.readBytes(FileRegionWriteStreamContractTests.this.received, bytes.readableBytes());
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				bytes.release();
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			FileRegionWriteStreamContractTests.this.receivedAll.complete(null);
			context.fireChannelInactive();
		}

	}

}
