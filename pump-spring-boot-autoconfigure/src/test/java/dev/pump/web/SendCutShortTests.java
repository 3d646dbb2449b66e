package dev.pump.web;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.channel.AbortedException;
import reactor.netty.tcp.TcpClient;

import dev.pump.buffer.DataBufferWriteStream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A send that Reactor Netty ends because its connection closed is not a write:
 * {@code MonoSendMany} completes such a send normally, so without a look at the
 * connection a stream whose buffers never left the socket would end as if they had.
 * Deterministic: the peer reads nothing, so the buffers stay in the socket until it
 * resets the connection.
 */
class SendCutShortTests {

	private static final int BUFFERS = 128;

	private static final int BUFFER_SIZE = 512 * 1024;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void tcpEndFailsWhenTheConnectionClosesBeforeTheBuffersTakenWereWritten() throws Exception {
		try (ServerSocket server = listen()) {
			Connection connection = TcpClient.create()
				.host("127.0.0.1")
				.port(server.getLocalPort())
				.connectNow(TIMEOUT);
			Socket peer = server.accept();
			try {
				CompletableFuture<Void> end = sendAllAndReset(WebStreams.tcpOutbound(connection), peer);
				assertThat(end).failsWithin(Duration.ZERO)
					.withThrowableOfType(Exception.class)
					.havingRootCause()
					.isInstanceOf(AbortedException.class);
			}
			finally {
				peer.close();
				connection.disposeNow();
			}
		}
	}

	@Test
	void clientRequestBodyEndFailsWhenTheConnectionClosesBeforeTheBuffersTakenWereWritten() throws Exception {
		try (ServerSocket server = listen()) {
			DataBufferWriteStream body = WebStreams.clientRequestBody();
			WebClient.create()
				.post()
				.uri("http://127.0.0.1:" + server.getLocalPort() + "/body")
				.body(WebStreams.bodyInserter(body))
				.retrieve()
				.toBodilessEntity()
				.subscribe(null, (ex) -> {
					// The server resets the connection on purpose.
				});
			Socket peer = server.accept();
			try {
				CompletableFuture<Void> end = sendAllAndReset(body, peer);
				assertThat(end).isCompletedExceptionally();
			}
			finally {
				peer.close();
			}
		}
	}

	@Test
	void responseBodyEndFailsWhenTheConnectionClosesBeforeTheBuffersTakenWereWritten() throws Exception {
		CompletableFuture<DataBufferWriteStream> body = new CompletableFuture<>();
		CompletableFuture<Void> tested = new CompletableFuture<>();
		try (TestHttpServer server = new TestHttpServer((request, response) -> {
			body.complete(WebStreams.responseBody(response));
			// The exchange lasts until the test is done with the stream.
			return Mono.fromFuture(tested);
		}); Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			client.getOutputStream()
				.write("GET /body HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			CompletableFuture<Void> end = sendAllAndReset(body.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), client);
			assertThat(end).failsWithin(Duration.ZERO)
				.withThrowableOfType(Exception.class)
				.havingRootCause()
				.isInstanceOf(AbortedException.class);
		}
		finally {
			tested.complete(null);
		}
	}

	private static ServerSocket listen() throws Exception {
		return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
	}

	// Writes 64 MiB, more than the socket buffers of a peer that reads nothing hold (some
	// 4 MiB here), in as many buffers as Reactor Netty takes at once: it takes them all
	// and the end, then waits for the socket. Then the peer resets the connection.
	private static CompletableFuture<Void> sendAllAndReset(DataBufferWriteStream stream, Socket peer) throws Exception {
		for (int i = 0; i < BUFFERS; i++) {
			stream.write(buffer());
		}
		CompletableFuture<Void> end = stream.end();
		await().atMost(TIMEOUT).until(stream::isCompleted);
		assertThat(end).as("end before the peer read anything").isNotDone();
		peer.setSoLinger(true, 0);
		peer.close();
		await().atMost(TIMEOUT).until(end::isDone);
		return end;
	}

	private static DataBuffer buffer() {
		DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.allocateBuffer(BUFFER_SIZE);
		buffer.writePosition(BUFFER_SIZE);
		return buffer;
	}

}
