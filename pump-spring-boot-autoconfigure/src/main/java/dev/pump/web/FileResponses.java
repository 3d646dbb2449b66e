package dev.pump.web;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.registry.ManagedPump;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * File downloads as managed pumps, zero-copy where the connection allows it.
 *
 * <p>
 * {@link #serve(PumpFactory, ServerWebExchange, Path, FileResponseOptions)} is a whole
 * download endpoint in one call: {@code Content-Length}, {@code Accept-Ranges}, one
 * {@code Range} of a {@code GET} (206) or 416, honoured only if its {@code If-Range}
 * matches, {@code ETag} and {@code Last-Modified} when given with {@code If-None-Match}
 * and {@code If-Modified-Since} (304), a 404 problem for a missing file, and {@code HEAD}
 * without a body. Several ranges, and a {@code Range} on {@code HEAD}, are answered with
 * the whole file, as RFC 9110 allows. The file is closed on every path, a request
 * cancelled while it is being opened included.
 * {@link #send(PumpFactory, String, ServerHttpResponse, FileChannel, long, long)} sends
 * the body alone for callers that set their own headers.
 *
 * <h2>Zero-copy or copying</h2> On a plain HTTP/1.1 connection of Reactor Netty (no TLS,
 * no compression of this response, an NIO or epoll socket) the file is pumped as
 * {@link FileRegionReadStream regions} into a {@link FileRegionWriteStream}: the kernel
 * sends it with {@code sendfile}. Otherwise (TLS, HTTP/2, compression, a decorated
 * response or another server) it is read in chunks and pumped through the response. Both
 * are pumps of the factory, with the same progress, pauses and meters; the choice is made
 * once the headers are sent, when Reactor Netty has decided on compression.
 */
public final class FileResponses {

	/**
	 * Chunk size of the copying route.
	 */
	static final int CHUNK_SIZE = 64 * 1024;

	private static final String NIO_CHANNEL = "io.netty.channel.socket.nio.NioSocketChannel";

	private static final String EPOLL_CHANNEL = "io.netty.channel.epoll.EpollSocketChannel";

	private FileResponses() {
	}

	/**
	 * Answer a request with a file, or the one range of it the request asks for.
	 * @param pumps the factory of the pump that sends the body
	 * @param exchange the exchange, a {@code GET} or {@code HEAD}
	 * @param path the file
	 * @param options the pump name, content type and validators
	 * @return completes when the response is complete; fails with an
	 * {@link ResponseStatusException} (404, 416) before anything is sent, or with the
	 * pump's failure after
	 */
	public static Mono<Void> serve(PumpFactory pumps, ServerWebExchange exchange, Path path,
			FileResponseOptions options) {
		Objects.requireNonNull(pumps, "pumps");
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(options, "options");
		// The request may be cancelled at any point, even while the file is being opened:
		// the file is closed on every path, by the pump once it has taken it.
		return Mono.defer(() -> {
			ClaimableFile file = new ClaimableFile();
			// Blocking calls on the channel only here: a cancellation interrupts this
			// thread, and an interrupt closes the channel it blocks on.
			return Mono.fromCallable(() -> open(path, file))
				.subscribeOn(Schedulers.boundedElastic())
				// Closed by a cancellation that nobody waits on: nothing to report.
				.onErrorResume(ClosedChannelException.class, (ex) -> Mono.empty())
				.flatMap((size) -> serve(pumps, exchange, file, size, options))
				.doFinally((signal) -> file.release());
		});
	}

	private static Mono<Void> serve(PumpFactory pumps, ServerWebExchange exchange, ClaimableFile file, long size,
			FileResponseOptions options) {
		if (file.released()) {
			// Cancelled while the file was opened: nobody waits for an answer.
			return Mono.empty();
		}
		Optional<ByteRange> range;
		try {
			range = prepare(exchange, size, options);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		if (range.isEmpty()) {
			return exchange.getResponse().setComplete();
		}
		return send(pumps, options.pumpName(), exchange.getResponse(), file, range.get().start(), range.get().length())
			.then();
	}

	/**
	 * Prepare the answer to a {@code GET} or {@code HEAD} of content of a known size that
	 * the caller sends itself (from object storage, say), as {@link #serve} does for a
	 * file: evaluate the preconditions ({@code If-Match}, {@code If-None-Match},
	 * {@code If-Modified-Since}, {@code If-Unmodified-Since}) and the one {@code Range}
	 * of a {@code GET} with its {@code If-Range}; set the status, {@code Content-Type},
	 * {@code Content-Length}, {@code Accept-Ranges} and {@code Content-Range}.
	 * @param exchange the exchange, a {@code GET} or {@code HEAD}
	 * @param size the size of the content
	 * @param options the content type and validators (the pump name is not used)
	 * @return the bytes to send; empty when the answer has no body (304, 412, or a
	 * {@code HEAD}): complete the response then
	 * @throws ResponseStatusException 416 for a range outside of the content
	 */
	public static Optional<ByteRange> prepare(ServerWebExchange exchange, long size, FileResponseOptions options) {
		ServerHttpResponse response = exchange.getResponse();
		HttpMethod method = exchange.getRequest().getMethod();
		if (FilePreconditions.answered(exchange, options.etag(), options.lastModified())) {
			return Optional.empty();
		}
		// RFC 9110 defines ranges for GET only: HEAD answers as a GET without Range.
		ByteRange range = HttpMethod.GET.equals(method)
				? ByteRange.of(exchange.getRequest().getHeaders(), size, options.etag(), options.lastModified())
				: ByteRange.whole(size);
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(options.contentType());
		headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
		headers.setContentLength(range.length());
		if (range.partial()) {
			response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
			headers.set(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
		}
		return HttpMethod.HEAD.equals(method) ? Optional.empty() : Optional.of(range);
	}

	/**
	 * Open the file into the holder and return its size.
	 */
	private static long open(Path path, ClaimableFile file) throws IOException {
		// A directory opens on Linux, and fails only when read: not a file to serve.
		if (!Files.isRegularFile(path)) {
			throw notFound();
		}
		FileChannel channel;
		try {
			channel = FileChannel.open(path, StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			throw notFound();
		}
		try {
			long size = channel.size();
			file.opened(channel);
			return size;
		}
		catch (IOException ex) {
			ClaimableFile.closeQuietly(channel);
			throw ex;
		}
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such file");
	}

	/**
	 * Send a range of an open file as the body of a response whose status and headers are
	 * set, through a pump of the factory: zero-copy where the connection allows it (see
	 * the class description), copying otherwise. Sets {@code Content-Length}. The call
	 * takes the file: it is closed on every path once the transfer is over.
	 * @param pumps the factory of the pump
	 * @param name the pump's name, bounded, such as a route
	 * @param response the response, not committed
	 * @param file the file, open for reading
	 * @param position the first byte to send
	 * @param length the bytes to send
	 * @return the bytes sent, once the last was written; the pump's failure otherwise
	 */
	public static Mono<Long> send(PumpFactory pumps, String name, ServerHttpResponse response, FileChannel file,
			long position, long length) {
		if (position < 0 || length < 0) {
			ClaimableFile.closeQuietly(file);
			throw new IllegalArgumentException("position and length must not be negative: " + position + ", " + length);
		}
		ClaimableFile claimable = new ClaimableFile(file);
		return send(pumps, name, response, claimable, position, length).doFinally((signal) -> claimable.release());
	}

	/**
	 * Send the body; the file is closed by the stream that claims it, or by the caller
	 * once the returned publisher ends if none did.
	 */
	private static Mono<Long> send(PumpFactory pumps, String name, ServerHttpResponse response, ClaimableFile file,
			long position, long length) {
		response.getHeaders().setContentLength(length);
		if (length == 0) {
			return response.setComplete().thenReturn(0L);
		}
		HttpServerResponse netty = nettyResponse(response);
		if (netty == null) {
			return Mono.defer(() -> pump(pumps, name, file,
					(channel) -> chunks(channel, position, length, response.bufferFactory()),
					WebStreams.responseBody(response), length));
		}
		// Headers first: Reactor Netty adds its compression handler as it sends them.
		return response.setComplete()
			.then(netty.then())
			.then(Mono.defer(() -> afterHeaders(pumps, name, netty, file, position, length)));
	}

	private static Mono<Long> afterHeaders(PumpFactory pumps, String name, HttpServerResponse netty, ClaimableFile file,
			long position, long length) {
		Channel channel = channel(netty);
		if (isZeroCopy(channel)) {
			return pump(pumps, name, file, (regions) -> FileRegionReadStream.of(regions, position, length),
					new FileRegionWriteStream(channel), length);
		}
		DataBufferFactory buffers = new NettyDataBufferFactory(channel.alloc());
		// A client that closes once it has Content-Length bytes has its whole body.
		return pump(pumps, name, file, (chunks) -> chunks(chunks, position, length, buffers),
				WebStreams.tcpOutbound(netty).contentLength(length), length);
	}

	/**
	 * Start a pump from a stream of the file, unless the response has already ended. The
	 * stream closes the file from its start; a pump that fails to start leaves it to be
	 * closed here.
	 */
	private static <T> Mono<Long> pump(PumpFactory pumps, String name, ClaimableFile file,
			Function<FileChannel, ReadStream<T>> reader, WriteStream<T> sink, long length) {
		FileChannel channel = file.claim();
		if (channel == null) {
			return Mono.empty();
		}
		try {
			Pump pump = pumps.create(name, reader.apply(channel), sink);
			ManagedPump.expectBytes(pump, length);
			return pump.start().completion();
		}
		catch (RuntimeException ex) {
			ClaimableFile.closeQuietly(channel);
			return Mono.error(ex);
		}
	}

	/**
	 * Return the Reactor Netty response under a WebFlux response that sends files with
	 * zero-copy; {@code null} for a decorated response, which may change the body, or
	 * another server.
	 */
	private static @Nullable HttpServerResponse nettyResponse(ServerHttpResponse response) {
		if (response instanceof ZeroCopyHttpOutputMessage && response instanceof AbstractServerHttpResponse server
				&& server.getNativeResponse() instanceof HttpServerResponse netty) {
			return netty;
		}
		return null;
	}

	private static Channel channel(HttpServerResponse response) {
		Channel[] channel = new Channel[1];
		response.withConnection((connection) -> channel[0] = connection.channel());
		return Objects.requireNonNull(channel[0], "channel");
	}

	/**
	 * Whether regions written to the channel reach the socket unchanged: not through TLS,
	 * a compression handler or an HTTP/2 stream (a child channel), and on a transport
	 * that sends a {@code DefaultFileRegion} with {@code sendfile}. The same rules as
	 * Reactor Netty's own {@code sendFile}.
	 * @param channel the channel of a response whose headers have been sent
	 * @return {@code true} if the zero-copy route applies
	 */
	static boolean isZeroCopy(Channel channel) {
		String type = channel.getClass().getName();
		// An HTTP/2 stream is a child channel of another type: the check of the type
		// excludes it.
		return (NIO_CHANNEL.equals(type) || EPOLL_CHANNEL.equals(type))
				&& channel.pipeline().get(SslHandler.class) == null
				&& channel.pipeline().get(NettyPipeline.CompressionHandler) == null;
	}

	/**
	 * Read a range of the file in chunks on a bounded elastic thread: a read of a file
	 * channel blocks, so never on an event loop. The file is closed when the chunks end
	 * or are cancelled, even if cancelled before the first read was scheduled.
	 */
	private static ReadStream<DataBuffer> chunks(FileChannel file, long position, long length,
			DataBufferFactory buffers) {
		Flux<DataBuffer> chunks = Flux.using(() -> file,
				(channel) -> DataBufferUtils
					.readByteChannel(() -> channel.position(position), buffers, (int) Math.min(CHUNK_SIZE, length))
					.subscribeOn(Schedulers.boundedElastic()),
				ClaimableFile::closeQuietly);
		return DataBufferReadStream.of(DataBufferUtils.takeUntilByteCount(chunks, length));
	}

}
