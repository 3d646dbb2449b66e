package dev.pump.demo.storage.s3;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import dev.pump.WriteStream;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * {@link S3WriteStream} against the write stream contract, uploading to the real S3 API
 * server the S3 tests share (s3proxy). The output is the object as S3 serves it.
 */
@ExtendWith(S3ProxyExtension.class)
class S3WriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private static final int MIB = 1024 * 1024;

	private static final int PART_SIZE = 5 * MIB;

	private static final int PARTS_IN_FLIGHT = 2;

	private static final String KEY = "contract/object.bin";

	private static S3AsyncClient client;

	private String bucket;

	private S3Storage storage;

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
		this.storage = new S3Storage(client, this.bucket, PART_SIZE, PARTS_IN_FLIGHT, 10);
		this.storage.createBucketIfMissing().block(timeout());
	}

	@Override
	protected WriteStream<DataBuffer> createWriteStream() throws Exception {
		return this.storage.openWrite(ObjectKey.of(KEY), new ContentDigest());
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected boolean supportsHeldDestination() {
		// S3 takes parts as fast as it answers: nothing here can hold the server back.
		return false;
	}

	@Override
	protected int effectiveWriteQueueMaxSize(int requested) {
		// A part must be complete before it is sent: the stream raises a smaller maximum
		// to the part size times the parts in flight.
		return Math.max(requested, PART_SIZE * PARTS_IN_FLIGHT);
	}

	@Override
	protected void startDestination() {
		// S3 is always taking.
	}

	@Override
	protected Optional<byte[]> output() {
		try {
			return Optional
				.of(client.getObject((get) -> get.bucket(this.bucket).key(KEY), AsyncResponseTransformer.toBytes())
					.join()
					.asByteArray());
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof NoSuchKeyException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	protected boolean failDestination() {
		// s3proxy cannot be made to fail one request on demand, and the kit's items are
		// far below a part (5 MiB): nothing is sent before end(), whose failure fails the
		// future, not the exception handler (a part that fails does call it).
		return false;
	}

}
