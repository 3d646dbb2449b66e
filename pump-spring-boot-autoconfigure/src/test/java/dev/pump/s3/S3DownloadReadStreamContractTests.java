package dev.pump.s3;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.ReadStream;
import dev.pump.test.ReadStreamContractTests;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import dev.pump.test.TrackingDataBufferFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * {@link S3Streams#download} against the read stream contract, reading objects stored on
 * the real S3 API server the S3 tests share (s3proxy). The stream wraps what the client
 * receives with the kit's buffer factory, so every buffer it delivers or drops is
 * tracked.
 */
@ExtendWith(S3ProxyExtension.class)
class S3DownloadReadStreamContractTests extends ReadStreamContractTests<DataBuffer> {

	private static S3AsyncClient client;

	private final AtomicInteger objects = new AtomicInteger();

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
		this.bucket = S3Proxy.createBucket(client, "contract");
	}

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) {
		String key = "object-" + this.objects.incrementAndGet();
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		chunks.forEach(content::writeBytes);
		client.putObject((put) -> put.bucket(this.bucket).key(key), AsyncRequestBody.fromBytes(content.toByteArray()))
			.join();
		return S3Streams.download(client, this.bucket, key,
				S3DownloadOptions.defaults().bufferFactory(this.bufferFactory));
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// The failure of an object's body is the connection's: s3proxy cannot be made to
		// fail a response with a given exception after a given content.
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

	@Override
	protected Duration timeout() {
		// A request to a server in another JVM on two shared cores.
		return Duration.ofSeconds(20);
	}

}
