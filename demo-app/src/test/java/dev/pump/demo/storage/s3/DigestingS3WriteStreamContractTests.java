package dev.pump.demo.storage.s3;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.core.io.buffer.DataBuffer;

import static org.awaitility.Awaitility.await;

/**
 * {@link DigestingS3WriteStream} against the write stream contract, opened by
 * {@link S3Storage#openWrite} on the real S3 API server the demo's S3 tests share
 * (s3proxy). The output is the object as the storage finds it: it exists only once the
 * upload and its digest are published. After each test no multipart upload may be left in
 * the bucket.
 */
@ExtendWith(S3ProxyExtension.class)
class DigestingS3WriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private static final int PART_SIZE = 5 * 1024 * 1024;

	private static final int PARTS_IN_FLIGHT = 2;

	private static final ObjectKey KEY = ObjectKey.of("contract/object.bin");

	private static S3AsyncClient client;

	private static HeldHttpClient heldHttpClient;

	private static S3AsyncClient heldClient;

	private String bucket;

	private S3Storage storage;

	@BeforeAll
	static void createClients() {
		client = S3Proxy.shared().client();
		heldHttpClient = new HeldHttpClient(NettyNioAsyncHttpClient.create());
		heldClient = S3Proxy.shared().client(heldHttpClient);
	}

	@AfterAll
	static void closeClients() {
		// The S3 client does not close an HTTP client it was given.
		heldClient.close();
		heldHttpClient.close();
		client.close();
	}

	@BeforeEach
	void createBucket() {
		this.bucket = "contract-" + UUID.randomUUID();
		this.storage = new S3Storage(client, this.bucket, PART_SIZE, PARTS_IN_FLIGHT, 10);
		this.storage.createBucketIfMissing().block(timeout());
	}

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws Exception {
		heldHttpClient.hold();
		return new S3Storage(heldClient, this.bucket, PART_SIZE, PARTS_IN_FLIGHT).openWrite(KEY, new ContentDigest());
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected int effectiveWriteQueueMaxSize(int requested) {
		// A part must be complete before it is sent: the upload raises a smaller maximum
		// to the part size times the parts in flight.
		return Math.max(requested, PART_SIZE * PARTS_IN_FLIGHT);
	}

	@Override
	protected void startDestination() {
		heldHttpClient.release();
	}

	@Override
	protected void stopDestination() {
		heldHttpClient.release();
	}

	@Override
	protected Optional<byte[]> output() {
		if (this.storage.stat(KEY).blockOptional(timeout()).isEmpty()) {
			return Optional.empty();
		}
		return Optional
			.of(client.getObject((get) -> get.bucket(this.bucket).key(KEY.value()), AsyncResponseTransformer.toBytes())
				.join()
				.asByteArray());
	}

	@Override
	protected boolean failDestination() {
		// s3proxy cannot be made to fail one request on demand, and the kit's items are
		// far below a part (5 MiB): nothing is sent before end(), and the kit's second
		// failure test does not end the stream.
		return false;
	}

	@Override
	protected Duration timeout() {
		// Requests to a server in another JVM on two shared cores.
		return Duration.ofSeconds(20);
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		// Parts in flight settle before the multipart upload is aborted.
		await().atMost(timeout())
			.until(() -> client.listMultipartUploads((list) -> list.bucket(this.bucket)).join().uploads().isEmpty());
	}

}
