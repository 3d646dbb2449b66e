package dev.pump.s3;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import dev.pump.WriteStream;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import dev.pump.test.WriteStreamContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import org.springframework.core.io.buffer.DataBuffer;

import static org.awaitility.Awaitility.await;

/**
 * {@link S3Streams#upload} against the write stream contract, uploading to the real S3
 * API server the S3 tests share (s3proxy) through a {@link ThrottlingProxy} that holds
 * what the stream sends until the destination starts: S3 then neither receives nor
 * acknowledges anything, so the parts stay in the queue as behind a slow S3. The output
 * is the object as S3 serves it (read directly, not through the proxy); after each test
 * no multipart upload may be left in the bucket.
 */
@ExtendWith(S3ProxyExtension.class)
class S3WriteStreamContractTests extends WriteStreamContractTests<DataBuffer> {

	private static final S3UploadOptions OPTIONS = S3UploadOptions.defaults()
		.partSize(S3UploadOptions.MIN_PART_SIZE)
		.partsInFlight(2);

	private static final String KEY = "contract/object.bin";

	private static S3AsyncClient direct;

	private static ThrottlingProxy proxy;

	private static S3AsyncClient proxied;

	private String bucket;

	@BeforeAll
	static void createClients() throws IOException {
		direct = S3Proxy.shared().client();
		proxy = ThrottlingProxy.start(S3Proxy.shared().endpoint(), 0);
		proxied = S3Proxy.client(proxy.endpoint());
	}

	@AfterAll
	static void closeClients() throws IOException {
		proxied.close();
		proxy.close();
		direct.close();
	}

	@BeforeEach
	void createBucket() {
		this.bucket = S3Proxy.createBucket(direct, "contract");
	}

	@Override
	protected WriteStream<DataBuffer> createWriteStream() {
		proxy.holdUpstream();
		return S3Streams.upload(proxied, this.bucket, KEY, OPTIONS);
	}

	@Override
	protected DataBuffer createItem(byte[] bytes) {
		return this.bufferFactory.buffer(bytes);
	}

	@Override
	protected int effectiveWriteQueueMaxSize(int requested) {
		// A part must be complete before it is sent: the stream raises a smaller maximum
		// to the part size times the parts in flight.
		return Math.max(requested, OPTIONS.partSize() * OPTIONS.partsInFlight());
	}

	@Override
	protected void startDestination() {
		proxy.releaseUpstream();
	}

	@Override
	protected Optional<byte[]> output() {
		try {
			return Optional.of(new S3Objects(direct, this.bucket).content(KEY));
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
		// The stream sends nothing before a part (at least 5 MiB) is complete or end() is
		// called, and the kit's second failure test writes 2 KB after the failure without
		// ending: the stream has no request that could notice it. (A failed part or
		// publication does call the exception handler: see S3UploadTests.)
		return false;
	}

	@Override
	protected Duration timeout() {
		// Two 5 MiB parts to a server in another JVM on two shared cores.
		return Duration.ofSeconds(20);
	}

	@Override
	protected void assertResourcesReleased() {
		super.assertResourcesReleased();
		// Parts in flight settle before the multipart upload is aborted.
		S3Objects objects = new S3Objects(direct, this.bucket);
		await().atMost(timeout()).until(() -> objects.multipartUploads() == 0);
	}

	@Override
	protected void stopDestination() {
		proxy.releaseUpstream();
	}

}
