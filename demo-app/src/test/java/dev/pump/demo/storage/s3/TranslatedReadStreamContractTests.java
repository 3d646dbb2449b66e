package dev.pump.demo.storage.s3;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pump.ReadStream;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.s3.S3DownloadOptions;
import dev.pump.s3.S3Streams;
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
 * {@link TranslatedReadStream} against the read stream contract, reading objects stored
 * on the real S3 API server the demo's S3 tests share (s3proxy), as
 * {@link S3Storage#openRead} opens them (with the ETag to match) but with the kit's
 * buffer factory, so that every buffer delivered or dropped is tracked.
 */
@ExtendWith(S3ProxyExtension.class)
class TranslatedReadStreamContractTests extends ReadStreamContractTests<DataBuffer> {

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
		this.bucket = "contract-" + UUID.randomUUID();
		client.createBucket((create) -> create.bucket(this.bucket)).join();
	}

	@Override
	protected ReadStream<DataBuffer> createReadStream(List<byte[]> chunks) {
		ObjectKey key = ObjectKey.of("object-" + this.objects.incrementAndGet());
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		chunks.forEach(content::writeBytes);
		String eTag = client
			.putObject((put) -> put.bucket(this.bucket).key(key.value()),
					AsyncRequestBody.fromBytes(content.toByteArray()))
			.join()
			.eTag();
		S3DownloadOptions options = S3DownloadOptions.defaults().ifMatch(eTag).bufferFactory(this.bufferFactory);
		return new TranslatedReadStream(S3Streams.download(client, this.bucket, key.value(), options), key);
	}

	@Override
	protected Optional<ReadStream<DataBuffer>> createFailingReadStream(List<byte[]> chunks, RuntimeException failure) {
		// The failure of an object's body is the connection's: s3proxy cannot be made to
		// fail a response with a given exception after a given content (a replaced object
		// fails before any content; S3StorageTests cover that translation).
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
		// Requests to a server in another JVM on two shared cores.
		return Duration.ofSeconds(20);
	}

}
