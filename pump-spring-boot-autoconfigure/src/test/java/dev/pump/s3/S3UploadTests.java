package dev.pump.s3;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.pump.Pump;
import dev.pump.PumpException;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link S3Streams#upload} against a real S3 API server (s3proxy), with 5 MiB parts so
 * that multipart uploads are exercised by a few MiB.
 */
@ExtendWith(S3ProxyExtension.class)
class S3UploadTests {

	private static final int MIB = 1024 * 1024;

	private static final int CHUNK = 64 * 1024;

	private static final S3UploadOptions OPTIONS = S3UploadOptions.defaults()
		.partSize(S3UploadOptions.MIN_PART_SIZE)
		.partsInFlight(2);

	private static final NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

	private static S3AsyncClient client;

	private String bucket;

	private S3Objects objects;

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
		this.bucket = S3Proxy.createBucket(client, "upload");
		this.objects = new S3Objects(client, this.bucket);
	}

	@Test
	void smallObjectIsStoredWithOnePutObject() {
		GeneratedContent content = new GeneratedContent(1, 1000, 300);
		upload("small", content, OPTIONS.contentType("text/plain").metadata(Map.of("origin", "test")));
		HeadObjectResponse head = client.headObject((h) -> h.bucket(this.bucket).key("small")).join();
		assertThat(head.eTag()).doesNotContain("-");
		assertThat(head.contentType()).isEqualTo("text/plain");
		assertThat(head.metadata()).containsEntry("origin", "test");
		assertThat(this.objects.content("small")).isEqualTo(content.bytes());
	}

	@Test
	void emptyObjectIsStored() {
		upload("empty", new GeneratedContent(2, 0, CHUNK), OPTIONS);
		assertThat(this.objects.content("empty")).isEmpty();
	}

	@Test
	void largeObjectIsUploadedInParts() {
		GeneratedContent content = new GeneratedContent(3, 2L * OPTIONS.partSize() + 12345, CHUNK);
		upload("large", content, OPTIONS.metadata(Map.of("origin", "test")));
		assertThat(this.objects.eTag("large")).endsWith("-3\"");
		assertThat(client.headObject((h) -> h.bucket(this.bucket).key("large")).join().metadata())
			.containsEntry("origin", "test");
		assertThat(this.objects.content("large")).isEqualTo(content.bytes());
		assertThat(this.objects.multipartUploads()).isZero();
	}

	@Test
	void objectOfExactlyOnePartIsUploadedInOnePart() {
		GeneratedContent content = new GeneratedContent(4, OPTIONS.partSize(), CHUNK);
		upload("one-part", content, OPTIONS);
		assertThat(this.objects.eTag("one-part")).endsWith("-1\"");
		assertThat(this.objects.content("one-part")).isEqualTo(content.bytes());
	}

	@Test
	void checksumsAreSentForS3ToVerify() {
		S3UploadOptions crc32 = OPTIONS.checksumAlgorithm(ChecksumAlgorithm.CRC32);
		GeneratedContent small = new GeneratedContent(5, 1000, 300);
		GeneratedContent large = new GeneratedContent(6, OPTIONS.partSize() + 1, CHUNK);
		upload("small-crc32", small, crc32);
		upload("large-crc32", large, crc32);
		assertThat(this.objects.content("small-crc32")).isEqualTo(small.bytes());
		assertThat(this.objects.content("large-crc32")).isEqualTo(large.bytes());
	}

	@Test
	void writeQueueStaysWithinPartSizeTimesPartsInFlight() {
		GeneratedContent content = new GeneratedContent(7, 5L * OPTIONS.partSize(), CHUNK);
		S3WriteStream stream = S3Streams.upload(client, this.bucket, "bounded", OPTIONS);
		AtomicLong maxQueued = new AtomicLong();
		Flux<DataBuffer> source = content.buffers(buffers)
			.doOnNext((ignored) -> maxQueued.accumulateAndGet(stream.writeQueueSize(), Math::max));
		Pump pump = Pump.pump(DataBufferReadStream.of(source), stream, CHUNK);
		StepVerifier.create(pump.start().completion())
			.expectNext(content.size())
			.expectComplete()
			.verify(S3Objects.TIMEOUT);
		assertThat(stream.memoryBound()).isEqualTo(2L * OPTIONS.partSize());
		assertThat(maxQueued.get()).isPositive().isLessThanOrEqualTo(stream.memoryBound() + CHUNK);
	}

	@Test
	void slowS3PausesThePumpAndTheUploadCompletes() throws Exception {
		GeneratedContent content = new GeneratedContent(12, 4L * OPTIONS.partSize(), CHUNK);
		try (ThrottlingProxy proxy = ThrottlingProxy.start(S3Proxy.shared().endpoint(), 10 * MIB);
				S3AsyncClient slow = S3Proxy.client(proxy.endpoint())) {
			S3WriteStream stream = S3Streams.upload(slow, this.bucket, "slow", OPTIONS);
			Pump pump = Pump.pump(DataBufferReadStream.of(content.buffers(buffers)), stream, CHUNK);
			CompletableFuture<Long> completion = pump.start().completion().toFuture();
			await().atMost(S3Objects.TIMEOUT).until(pump::isPaused);
			assertThat(pump.bytesPumped()).isLessThanOrEqualTo(stream.memoryBound() + CHUNK);
			assertThat(completion).succeedsWithin(S3Objects.TIMEOUT).isEqualTo(content.size());
		}
		assertThat(this.objects.content("slow")).isEqualTo(content.bytes());
	}

	@Test
	void sourceFailingHalfWayLeavesNoObjectAndNoMultipartUpload() {
		GeneratedContent content = new GeneratedContent(8, 3L * OPTIONS.partSize(), CHUNK);
		Flux<DataBuffer> failing = content.buffers(buffers)
			.take(content.chunks() / 2)
			.concatWith(Flux.error(new IllegalStateException("client gone")));
		Pump pump = Pump.pump(DataBufferReadStream.of(failing),
				S3Streams.upload(client, this.bucket, "failed", OPTIONS));
		StepVerifier.create(pump.start().completion())
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(PumpException.class)
				.hasRootCauseMessage("client gone"))
			.verify(S3Objects.TIMEOUT);
		await().atMost(S3Objects.TIMEOUT).until(() -> this.objects.multipartUploads() == 0);
		assertThat(this.objects.keys()).isEmpty();
	}

	@Test
	void cancelMidUploadLeavesNoObjectAndNoMultipartUpload() {
		GeneratedContent endless = new GeneratedContent(9, Long.MAX_VALUE / 2, CHUNK);
		Pump pump = Pump.pump(DataBufferReadStream.of(endless.buffers(buffers)),
				S3Streams.upload(client, this.bucket, "cancelled", OPTIONS));
		CompletableFuture<Long> completion = pump.start().completion().toFuture();
		await().atMost(S3Objects.TIMEOUT).until(() -> this.objects.multipartUploads() == 1);
		pump.cancel();
		assertThat(completion).failsWithin(S3Objects.TIMEOUT);
		await().atMost(S3Objects.TIMEOUT).until(() -> this.objects.multipartUploads() == 0);
		assertThat(this.objects.keys()).isEmpty();
	}

	@Test
	void abortOfASmallUploadLeavesNothing() {
		S3WriteStream stream = S3Streams.upload(client, this.bucket, "tiny", OPTIONS);
		stream.write(buffers.wrap(new byte[] { 1, 2, 3 }));
		stream.abort(new IllegalStateException("client gone"));
		assertThat(stream.end()).failsWithin(S3Objects.TIMEOUT);
		assertThat(this.objects.keys()).isEmpty();
		assertThat(this.objects.multipartUploads()).isZero();
	}

	@Test
	void beforePublishRunsBeforeTheObjectAppearsAndAddsMetadataToASmallObject() {
		CompletableFuture<Boolean> visibleBefore = new CompletableFuture<>();
		S3UploadOptions options = OPTIONS.metadata(Map.of("a", "1")).beforePublish((multipart, metadata) -> {
			visibleBefore.complete(this.objects.keys().contains("hooked"));
			return CompletableFuture.completedFuture(Map.of("a", metadata.get("a"), "digest", "abc"));
		});
		upload("hooked", new GeneratedContent(10, 100, 100), options);
		assertThat(visibleBefore).isCompletedWithValue(false);
		assertThat(client.headObject((h) -> h.bucket(this.bucket).key("hooked")).join().metadata())
			.containsEntry("a", "1")
			.containsEntry("digest", "abc");
	}

	@Test
	void failingBeforePublishAbortsTheUpload() {
		S3UploadOptions options = OPTIONS.beforePublish(
				(multipart, metadata) -> CompletableFuture.failedFuture(new IllegalStateException("no digest")));
		GeneratedContent content = new GeneratedContent(11, OPTIONS.partSize() + 1, CHUNK);
		Pump pump = Pump.pump(DataBufferReadStream.of(content.buffers(buffers)),
				S3Streams.upload(client, this.bucket, "refused", options));
		StepVerifier.create(pump.start().completion())
			.expectErrorSatisfies((failure) -> assertThat(failure).hasRootCauseMessage("no digest"))
			.verify(S3Objects.TIMEOUT);
		await().atMost(S3Objects.TIMEOUT).until(() -> this.objects.multipartUploads() == 0);
		assertThat(this.objects.keys()).isEmpty();
	}

	@Test
	void failedPartFailsTheWriteSideOfThePump() {
		GeneratedContent content = new GeneratedContent(13, 2L * OPTIONS.partSize(), CHUNK);
		S3WriteStream stream = S3Streams.upload(client, "no-such-bucket-" + this.bucket, "lost", OPTIONS);
		Pump pump = Pump.pump(DataBufferReadStream.of(content.buffers(buffers)), stream);
		StepVerifier.create(pump.start().completion())
			.expectErrorSatisfies((failure) -> assertThat(failure)
				.isInstanceOfSatisfying(PumpException.class,
						(pumpFailure) -> assertThat(pumpFailure.side()).isEqualTo(PumpException.Side.WRITE))
				.hasCauseInstanceOf(S3Exception.class))
			.verify(S3Objects.TIMEOUT);
		assertThat(stream.end()).failsWithin(S3Objects.TIMEOUT);
	}

	@Test
	void failedPutObjectFailsEnd() {
		S3WriteStream stream = S3Streams.upload(client, "no-such-bucket-" + this.bucket, "lost", OPTIONS);
		stream.write(buffers.wrap(new byte[] { 1, 2, 3 }));
		assertThat(stream.end()).failsWithin(S3Objects.TIMEOUT)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(S3Exception.class);
	}

	@Test
	void partSizeBelowFiveMebibytesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> S3UploadOptions.defaults().partSize(5 * MIB - 1))
			.withMessageContaining("5 MiB");
	}

	private void upload(String key, GeneratedContent content, S3UploadOptions options) {
		Pump pump = Pump.pump(DataBufferReadStream.of(content.buffers(buffers)),
				S3Streams.upload(client, this.bucket, key, options));
		StepVerifier.create(pump.start().completion())
			.expectNext(content.size())
			.expectComplete()
			.verify(S3Objects.TIMEOUT);
	}

}
