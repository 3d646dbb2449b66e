package dev.pump.web;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.channel.AbortedException;

import dev.pump.buffer.DataBufferReadStream;
import dev.pump.buffer.DataBufferWriteStream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

/**
 * Read and write streams for what Spring WebFlux and Reactor Netty move, ready for a
 * {@link dev.pump.Pump}.
 *
 * <table border="1">
 * <caption>Entry points</caption>
 * <tr>
 * <th>Source or destination</th>
 * <th>Read stream</th>
 * <th>Write stream</th>
 * </tr>
 * <tr>
 * <td>server request and response</td>
 * <td>{@link #requestBody(ServerHttpRequest)}</td>
 * <td>{@link #responseBody(ServerHttpResponse)}</td>
 * </tr>
 * <tr>
 * <td>{@code WebClient}</td>
 * <td>{@link #clientResponseBody(ClientResponse)}</td>
 * <td>{@link #clientRequestBody()} with {@link #bodyInserter(DataBufferWriteStream)}</td>
 * </tr>
 * <tr>
 * <td>WebSocket</td>
 * <td>{@link #webSocketInbound(WebSocketSession)}</td>
 * <td>{@link #webSocketOutbound(WebSocketSession)}</td>
 * </tr>
 * <tr>
 * <td>Reactor Netty TCP</td>
 * <td>{@link #tcpInbound(NettyInbound)}, {@link #tcpInbound(Connection)}</td>
 * <td>{@link #tcpOutbound(NettyOutbound)}, {@link #tcpOutbound(Connection)}</td>
 * </tr>
 * </table>
 *
 * <h2>Buffers and connections</h2> Read streams hand each buffer to their handler, which
 * releases it (a pump hands it to its write stream); buffers they still hold are released
 * when they are cancelled. Write streams hand written buffers to the server or client,
 * which releases them once written, and release what they still queue on abort or
 * failure. No stream here closes a connection: the server closes a request after its
 * handler's {@code Mono} completes, a WebSocket session closes when its handler
 * completes, and the owner of a TCP {@link Connection} disposes of it. An aborted HTTP
 * write stream signals an error to the server or client, which then resets the connection
 * rather than ending it cleanly, so that a receiver never mistakes a partial body for a
 * whole one; a WebSocket session cannot say so (see
 * {@link #webSocketOutbound(WebSocketSession)}).
 *
 * <h2>Handlers</h2> A WebFlux handler ends with {@code return pump.completion().then();}:
 * the response is complete when the pump is, and a client that goes away cancels that
 * subscription, hence the pump.
 */
public final class WebStreams {

	private static final NettyDataBufferFactory NETTY_BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private WebStreams() {
	}

	/**
	 * Return the body of a server request as a read stream.
	 * @param request the request
	 * @return the body, subscribed to when the pump starts
	 */
	public static DataBufferReadStream requestBody(ServerHttpRequest request) {
		return DataBufferReadStream.of(request.getBody());
	}

	/**
	 * Return a write stream into the body of a server response. Its {@code end()}
	 * completes once the response has been fully written and flushed ({@code writeWith}
	 * completed on an open connection). The response is committed when the first buffer
	 * is written: set the status and headers before the pump starts. With a
	 * {@code Content-Length} set before this call, a client that closes once it has read
	 * that many bytes, before the end reached the server, is no failure (see
	 * {@link DataBufferWriteStream#contentLength}). On Reactor Netty, a client that
	 * closes the connection before the end is a write failure whenever it happens, even
	 * before the first buffer is written.
	 * @param response the response
	 * @return the body
	 */
	public static DataBufferWriteStream responseBody(ServerHttpResponse response) {
		// A client may close once it has read Content-Length bytes, before onComplete.
		DataBufferWriteStream stream = DataBufferWriteStream.create()
			.contentLength(Math.max(-1, response.getHeaders().getContentLength()));
		Object nativeResponse = nativeResponse(response);
		stream.completeEndWhen(sent(response.writeWith(stream), () -> isClosed(nativeResponse)));
		if (nativeResponse instanceof Connection connection) {
			// Reactor Netty cancels the body when the connection closes only once it has
			// started to write it: a client that goes away before the first buffer would
			// leave a stream that is never written to waiting forever.
			stream.cancelWhen(connection.onDispose());
		}
		return stream;
	}

	/**
	 * Return the body of a {@code WebClient} response as a read stream. The body must be
	 * consumed or the stream cancelled, as with any {@link ClientResponse}.
	 * @param response the response, for example in {@code exchangeToMono}
	 * @return the body
	 */
	public static DataBufferReadStream clientResponseBody(ClientResponse response) {
		return DataBufferReadStream.of(response.body(BodyExtractors.toDataBuffers()));
	}

	/**
	 * Return a write stream to become a {@code WebClient} request body with
	 * {@link #bodyInserter(DataBufferWriteStream)}. Its {@code end()} completes once the
	 * client has written and flushed the last buffer; a connection that closes before
	 * that, or a request that is cancelled, is a write failure. The response tells
	 * whether the server took the body.
	 * @return the body
	 */
	public static DataBufferWriteStream clientRequestBody() {
		return DataBufferWriteStream.create();
	}

	/**
	 * Return a body inserter of a write stream for
	 * {@code WebClient.RequestBodySpec.body}.
	 * @param body the write stream
	 * @return the inserter
	 */
	public static BodyInserter<DataBufferWriteStream, ReactiveHttpOutputMessage> bodyInserter(
			DataBufferWriteStream body) {
		return (message, context) -> {
			// A client can cancel the body after it took the last buffer and onComplete,
			// before writing them: only the write's result says the body was sent.
			Sinks.Empty<Void> written = Sinks.empty();
			body.completeEndWhen(sent(written.asMono(), () -> isClosed(nativeRequest(message))));
			return message.writeWith(body)
				.doOnSuccess((ignored) -> written.tryEmitEmpty())
				.doOnError(written::tryEmitError)
				.doOnCancel(() -> written
					.tryEmitError(new CancellationException("The request was cancelled before its body was written")));
		};
	}

	/**
	 * Return a send that fails if its connection is closed once it completes. Reactor
	 * Netty completes a send normally, not with an error, when its connection closes
	 * before the last write (its {@code MonoSendMany}): such a completion does not say
	 * that everything was written. A send that wrote its last buffer completes on the
	 * event loop, before the connection can have closed.
	 */
	private static Mono<Void> sent(Mono<Void> send, BooleanSupplier closed) {
		return send.then(Mono.defer(() -> closed.getAsBoolean()
				? Mono.error(new AbortedException("The connection closed before everything was written"))
				: Mono.empty()));
	}

	private static boolean isClosed(@Nullable Object nativeMessage) {
		return nativeMessage instanceof Connection connection && !connection.channel().isActive();
	}

	private static @Nullable Object nativeRequest(ReactiveHttpOutputMessage message) {
		return (message instanceof ClientHttpRequest request) ? request.getNativeRequest() : null;
	}

	/**
	 * Return what a WebSocket session receives as a read stream of message payloads. Text
	 * and binary messages are delivered as their payloads, retained so that they outlive
	 * the session's own release after delivery; ping and pong messages are skipped. Call
	 * it once per session.
	 * @param session the session
	 * @return the inbound payloads
	 */
	public static DataBufferReadStream webSocketInbound(WebSocketSession session) {
		// Reactor Netty releases a frame once onNext returns: retain what is kept.
		Flux<DataBuffer> payloads = session.receive()
			.filter((message) -> message.getType() == WebSocketMessage.Type.TEXT
					|| message.getType() == WebSocketMessage.Type.BINARY)
			.map((message) -> message.retain().getPayload());
		return DataBufferReadStream.of(payloads);
	}

	/**
	 * Return a write stream whose buffers a WebSocket session sends as binary messages,
	 * one message per buffer. Its {@code end()} completes once {@code session.send}
	 * completed (on Reactor Netty, with the session still open). The session's one
	 * {@code send} is subscribed now: call it once per session, and keep the session's
	 * handler running until the pump completes. An abort fails the send but does not
	 * close the session, and Reactor Netty closes it with no status once the handler
	 * completes, as after a normal end: a peer cannot tell from the close alone that the
	 * messages are not whole.
	 * @param session the session
	 * @return the outbound
	 */
	public static DataBufferWriteStream webSocketOutbound(WebSocketSession session) {
		DataBufferWriteStream stream = DataBufferWriteStream.create();
		Mono<Void> send = session.send(Flux.from(stream).map((buffer) -> session.binaryMessage((factory) -> buffer)));
		return stream
			.completeEndWhen(sent(send, () -> session instanceof ReactorNettyWebSocketSession && !session.isOpen()));
	}

	/**
	 * Return what a Reactor Netty connection receives as a read stream. Each
	 * {@link ByteBuf} is retained and wrapped as a {@code NettyDataBuffer}, so releasing
	 * the buffer releases it. The stream subscribes to the connection's inbound when the
	 * pump starts: data that a peer sends before that, closing the connection after it,
	 * is lost, since Reactor Netty discards inbound data nobody has subscribed to once
	 * the connection closes. Start the pump at once, or let the peer wait for a request.
	 * @param inbound the inbound side of a connection
	 * @return the inbound bytes
	 */
	public static DataBufferReadStream tcpInbound(NettyInbound inbound) {
		return DataBufferReadStream.of(inbound.receive().retain().map(NETTY_BUFFERS::wrap));
	}

	/**
	 * Return what a Reactor Netty connection receives as a read stream.
	 * @param connection the connection
	 * @return the inbound bytes
	 * @see #tcpInbound(NettyInbound)
	 */
	public static DataBufferReadStream tcpInbound(Connection connection) {
		return tcpInbound(connection.inbound());
	}

	/**
	 * Return a write stream that a Reactor Netty connection sends. Its {@code end()}
	 * completes once the connection has written and flushed the last buffer, and fails if
	 * it closed before; the connection is not closed. Subscribes the outbound's
	 * {@code send} now: call it once per connection.
	 * @param outbound the outbound side of a connection
	 * @return the outbound bytes
	 */
	public static DataBufferWriteStream tcpOutbound(NettyOutbound outbound) {
		DataBufferWriteStream stream = DataBufferWriteStream.create();
		return stream
			.completeEndWhen(sent(outbound.send(Flux.from(stream).map(NettyDataBufferFactory::toByteBuf)).then(),
					() -> isClosed(outbound)));
	}

	/**
	 * Return a write stream that a Reactor Netty connection sends.
	 * @param connection the connection
	 * @return the outbound bytes
	 * @see #tcpOutbound(NettyOutbound)
	 */
	public static DataBufferWriteStream tcpOutbound(Connection connection) {
		return tcpOutbound(connection.outbound());
	}

	private static @Nullable Object nativeResponse(ServerHttpResponse response) {
		try {
			return ServerHttpResponseDecorator.getNativeResponse(response);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Not a server's response (a mock, a decorator of another kind): no
			// connection.
			return null;
		}
	}

}
