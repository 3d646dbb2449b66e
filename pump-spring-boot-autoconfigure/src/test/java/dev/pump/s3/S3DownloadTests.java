package dev.pump.s3;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.pump.ReadStream;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link S3Streams#download} against a real S3 API server (s3proxy).
 */
@ExtendWith(S3ProxyExtension.class)
class S3DownloadTests {

	private static final int MIB = 1024 * 1024;

	private static S3AsyncClient client;

	private String bucket;

	@BeforeAll
	static void createClient() {
		client = S3Proxy.shared().client();
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void createBucket() {
		this.bucket = S3Proxy.createBucket(client, "download");
	}

	@Test
	void downloadReadsTheWholeObject() throws Exception {
		GeneratedContent content = put("whole", new GeneratedContent(1, 3 * MIB + 7, MIB));
		assertThat(S3Objects.sha256(S3Streams.download(client, this.bucket, "whole"))).isEqualTo(content.sha256());
	}

	@Test
	void rangeReadsPartOfTheObject() throws Exception {
		byte[] all = put("ranged", new GeneratedContent(2, 10_000, 10_000)).bytes();
		ReadStream<DataBuffer> stream = S3Streams.download(client, this.bucket, "ranged",
				S3DownloadOptions.defaults().range(5000, 100));
		assertThat(read(stream)).isEqualTo(Arrays.copyOfRange(all, 5000, 5100));
	}

	@Test
	void emptyRangeEndsAtOnce() throws Exception {
		put("empty-range", new GeneratedContent(3, 10, 10));
		ReadStream<DataBuffer> stream = S3Streams.download(client, this.bucket, "empty-range",
				S3DownloadOptions.defaults().range(3, 0));
		assertThat(read(stream)).isEmpty();
	}

	@Test
	void buffersComeFromTheGivenFactory() throws Exception {
		put("factory", new GeneratedContent(4, 1000, 1000));
		NettyDataBufferFactory factory = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
		ReadStream<DataBuffer> stream = S3Streams.download(client, this.bucket, "factory",
				S3DownloadOptions.defaults().bufferFactory(factory));
		CompletableFuture<DataBuffer> first = new CompletableFuture<>();
		stream.handler((buffer) -> {
			if (!first.complete(buffer)) {
				DataBufferUtils.release(buffer);
			}
		});
		DataBuffer buffer = first.get(60, TimeUnit.SECONDS);
		assertThat(buffer.factory()).isSameAs(factory);
		DataBufferUtils.release(buffer);
		stream.cancel();
	}

	@Test
	void missingKeyFailsWithObjectNotFound() {
		ReadStream<DataBuffer> stream = S3Streams.download(client, this.bucket, "missing");
		assertThat(failure(stream)).isInstanceOf(S3ObjectNotFoundException.class)
			.hasMessageContaining("s3://" + this.bucket + "/missing")
			.cause()
			.isInstanceOf(NoSuchKeyException.class);
	}

	@Test
	void ifMatchOfAReplacedObjectFailsWithObjectChanged() {
		put("changing", new GeneratedContent(5, 100, 100));
		String first = new S3Objects(client, this.bucket).eTag("changing");
		put("changing", new GeneratedContent(6, 100, 100));
		ReadStream<DataBuffer> stream = S3Streams.download(client, this.bucket, "changing",
				S3DownloadOptions.defaults().ifMatch(first));
		assertThat(failure(stream)).isInstanceOf(S3ObjectChangedException.class);
	}

	@Test
	void ifMatchOfTheCurrentObjectReadsIt() throws Exception {
		GeneratedContent content = put("current", new GeneratedContent(7, 100, 100));
		String eTag = new S3Objects(client, this.bucket).eTag("current");
		ReadStream<DataBuffer> stream = S3Streams.download(client, this.bucket, "current",
				S3DownloadOptions.defaults().ifMatch(eTag));
		assertThat(read(stream)).isEqualTo(content.bytes());
	}

	@Test
	void pausedDownloadStopsPullingFromS3() throws Exception {
		GeneratedContent content = put("paused", new GeneratedContent(8, 64 * MIB, 8 * MIB));
		try (ThrottlingProxy proxy = ThrottlingProxy.start(S3Proxy.shared().endpoint(), 0);
				S3AsyncClient proxied = S3Proxy.client(proxy.endpoint())) {
			ReadStream<DataBuffer> stream = S3Streams.download(proxied, this.bucket, "paused");
			AtomicLong delivered = new AtomicLong();
			AtomicBoolean paused = new AtomicBoolean();
			MessageDigest digest = GeneratedContent.newDigest();
			CompletableFuture<Void> done = new CompletableFuture<>();
			stream.exceptionHandler(done::completeExceptionally).endHandler(() -> done.complete(null));
			stream.handler((buffer) -> {
				delivered.addAndGet(buffer.readableByteCount());
				try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
					buffers.forEachRemaining(digest::update);
				}
				DataBufferUtils.release(buffer);
				if (delivered.get() >= MIB && paused.compareAndSet(false, true)) {
					stream.pause();
				}
			});
			await().atMost(S3Objects.TIMEOUT).until(() -> delivered.get() >= MIB);
			Thread.sleep(1000);
			long pulledWhilePaused = proxy.downstreamBytes();
			Thread.sleep(500);
			assertThat(proxy.downstreamBytes()).isEqualTo(pulledWhilePaused).isLessThan(16L * MIB);
			stream.resume();
			done.get(60, TimeUnit.SECONDS);
			assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(content.sha256());
		}
	}

	private GeneratedContent put(String key, GeneratedContent content) {
		client.putObject((put) -> put.bucket(this.bucket).key(key), AsyncRequestBody.fromBytes(content.bytes())).join();
		return content;
	}

	private static byte[] read(ReadStream<DataBuffer> stream) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompletableFuture<Void> done = new CompletableFuture<>();
		stream.exceptionHandler(done::completeExceptionally).endHandler(() -> done.complete(null));
		stream.handler((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			out.writeBytes(bytes);
		});
		done.get(60, TimeUnit.SECONDS);
		return out.toByteArray();
	}

	private static Throwable failure(ReadStream<DataBuffer> stream) {
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		stream.exceptionHandler(failure::complete).endHandler(() -> failure.complete(null));
		stream.handler(DataBufferUtils::release);
		return failure.orTimeout(60, TimeUnit.SECONDS).join();
	}

}
