package dev.pump.demo.storage.s3;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.pump.Pump;
import dev.pump.ReadStream;
import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.demo.Content;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.NoSuchObjectException;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.StoredObject;
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
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The S3 storage against a real S3 API server (s3proxy), with small parts so that
 * multipart uploads are exercised by a few MiB.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StorageTests {

	private static final int MIB = 1024 * 1024;

	private static final int PART_SIZE = 5 * MIB;

	private static final int PARTS_IN_FLIGHT = 2;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

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
	void createStorage() {
		this.bucket = "storage-" + UUID.randomUUID();
		this.storage = new S3Storage(client, this.bucket, PART_SIZE, PARTS_IN_FLIGHT, 10);
		this.storage.createBucketIfMissing().block(TIMEOUT);
	}

	@Test
	void smallObjectIsStoredWithItsDigestInItsMetadata() throws Exception {
		Content content = new Content(1, 1000);
		StoredObject stored = store("small.bin", content);
		assertThat(stored.size()).isEqualTo(1000);
		assertThat(stored.sha256()).isEqualTo(content.sha256());
		assertThat(client.headObject((head) -> head.bucket(this.bucket).key("small.bin")).join().metadata())
			.containsEntry("sha256", content.sha256());
		assertThat(read(stored, 0, 1000)).isEqualTo(content.bytes());
	}

	@Test
	void emptyObjectIsStored() throws Exception {
		StoredObject stored = store("empty", new Content(2, 0));
		assertThat(stored.size()).isZero();
		assertThat(read(stored, 0, 0)).isEmpty();
	}

	@Test
	void largeObjectIsUploadedInPartsWithItsDigestInADigestObject() throws Exception {
		Content content = new Content(3, 2 * PART_SIZE + 12345);
		StoredObject stored = store("dir/large.bin", content);
		assertThat(stored.size()).isEqualTo(content.size());
		assertThat(stored.sha256()).isEqualTo(content.sha256());
		assertThat(stored.version()).endsWith("-3\"");
		assertThat(digestObjects()).hasSize(1);
		assertThat(read(stored, 0, content.size())).isEqualTo(content.bytes());
	}

	@Test
	void rangeReadsPartOfTheObject() throws Exception {
		Content content = new Content(4, PART_SIZE + 500);
		StoredObject stored = store("ranged.bin", content);
		byte[] all = content.bytes();
		byte[] expected = new byte[100];
		System.arraycopy(all, PART_SIZE - 50, expected, 0, 100);
		assertThat(read(stored, PART_SIZE - 50, 100)).isEqualTo(expected);
	}

	@Test
	void writeQueueStaysWithinPartSizeTimesPartsInFlight() throws Exception {
		Content content = new Content(5, 5 * PART_SIZE);
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("bounded.bin"), new ContentDigest());
		AtomicLong maxQueued = new AtomicLong();
		int chunk = 64 * 1024;
		Flux<DataBuffer> source = chunks(content, chunk)
			.doOnNext((ignored) -> maxQueued.accumulateAndGet(((WriteQueueSize) stream).writeQueueSize(), Math::max));
		Pump pump = Pump.pump(DataBufferReadStream.of(source), stream, 64 * 1024);
		StepVerifier.create(pump.start().completion()).expectNext(content.size()).expectComplete().verify(TIMEOUT);
		assertThat(maxQueued.get()).isPositive().isLessThanOrEqualTo((long) PART_SIZE * PARTS_IN_FLIGHT + chunk);
		assertThat(this.storage.stat(ObjectKey.of("bounded.bin")).block(TIMEOUT).sha256()).isEqualTo(content.sha256());
	}

	@Test
	void partsWhoseTotalInFlightIsBeyondAnIntStillStoreAnObject() throws Exception {
		// The largest parts the configuration allows (2 GiB), two in flight: 4 GiB.
		this.storage = new S3Storage(client, this.bucket, Integer.MAX_VALUE, 2, 10);
		Content content = new Content(7, 300_000);
		StoredObject stored = store("huge-parts.bin", content);
		assertThat(stored.sha256()).isEqualTo(content.sha256());
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("unused.bin"), new ContentDigest());
		assertThat(stream.setWriteQueueMaxSize(64 * 1024).writeQueueFull()).isFalse();
		stream.abort(new IllegalStateException("not needed"));
	}

	@Test
	void abortAfterSomePartsLeavesNoObjectAndNoMultipartUpload() throws Exception {
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("aborted.bin"), new ContentDigest());
		chunks(new Content(6, PART_SIZE + MIB), 256 * 1024).toIterable().forEach(stream::write);
		await().atMost(TIMEOUT).until(() -> multipartUploads() == 1);
		stream.abort(new IllegalStateException("client gone"));
		await().atMost(TIMEOUT).until(() -> multipartUploads() == 0);
		assertThat(this.storage.stat(ObjectKey.of("aborted.bin")).blockOptional(TIMEOUT)).isEmpty();
		assertThat(objectKeys()).isEmpty();
	}

	@Test
	void abortOfASmallUploadLeavesNothing() throws Exception {
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of("tiny"), new ContentDigest());
		stream.write(buffers.wrap(new byte[] { 1, 2, 3 }));
		stream.abort(new IllegalStateException("client gone"));
		assertThat(stream.end()).failsWithin(TIMEOUT);
		assertThat(objectKeys()).isEmpty();
		assertThat(multipartUploads()).isZero();
	}

	@Test
	void replacingAMultipartObjectDeletesItsDigestObject() throws Exception {
		store("replaced", new Content(7, PART_SIZE + 1));
		assertThat(digestObjects()).hasSize(1);
		Content second = new Content(8, 10);
		StoredObject stored = store("replaced", second);
		assertThat(stored.sha256()).isEqualTo(second.sha256());
		await().atMost(TIMEOUT).until(() -> digestObjects().isEmpty());
	}

	@Test
	void deleteRemovesTheObjectAndItsDigestObject() throws Exception {
		store("deleted", new Content(9, PART_SIZE + 1));
		assertThat(this.storage.delete(ObjectKey.of("deleted")).block(TIMEOUT)).isTrue();
		assertThat(this.storage.stat(ObjectKey.of("deleted")).blockOptional(TIMEOUT)).isEmpty();
		assertThat(objectKeys()).isEmpty();
		assertThat(this.storage.delete(ObjectKey.of("deleted")).block(TIMEOUT)).isFalse();
	}

	@Test
	void readOfAReplacedObjectFailsWithNoSuchObject() throws Exception {
		StoredObject first = store("changing", new Content(10, 100));
		store("changing", new Content(11, 100));
		ReadStream<DataBuffer> stream = this.storage.openRead(first, 0, 100);
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		stream.exceptionHandler(failure::complete).endHandler(() -> failure.complete(null));
		stream.handler(DataBufferUtils::release);
		assertThat(failure.get(60, TimeUnit.SECONDS)).isInstanceOf(NoSuchObjectException.class);
	}

	@Test
	void listingPagesThroughEveryObjectInKeyOrderWithoutDigestObjects() throws Exception {
		List<String> keys = IntStream.range(0, 23).mapToObj((i) -> String.format("list/%02d", i)).toList();
		for (String key : keys) {
			store(key, new Content(key.hashCode(), 10));
		}
		store("list/multipart", new Content(12, PART_SIZE + 1));
		List<StoredObject> listed = this.storage.list().collectList().block(TIMEOUT);
		assertThat(listed).extracting((object) -> object.key().value())
			.containsExactlyElementsOf(concat(keys, "list/multipart"));
		assertThat(listed).allSatisfy((object) -> assertThat(object.sha256()).hasSize(64));
	}

	@Test
	void objectsNotStoredByTheServiceAreIgnored() {
		client
			.putObject((put) -> put.bucket(this.bucket).key("foreign"),
					software.amazon.awssdk.core.async.AsyncRequestBody.fromString("no digest"))
			.join();
		assertThat(this.storage.stat(ObjectKey.of("foreign")).blockOptional(TIMEOUT)).isEmpty();
		assertThat(this.storage.list().collectList().block(TIMEOUT)).isEmpty();
	}

	private static List<String> concat(List<String> keys, String last) {
		return java.util.stream.Stream.concat(keys.stream(), java.util.stream.Stream.of(last)).toList();
	}

	private StoredObject store(String key, Content content) throws Exception {
		WriteStream<DataBuffer> stream = this.storage.openWrite(ObjectKey.of(key), new ContentDigest());
		Pump pump = Pump.pump(DataBufferReadStream.of(chunks(content, 100_000)), stream);
		StepVerifier.create(pump.start().completion()).expectNext(content.size()).expectComplete().verify(TIMEOUT);
		return this.storage.stat(ObjectKey.of(key)).block(TIMEOUT);
	}

	private static Flux<DataBuffer> chunks(Content content, int chunk) {
		byte[] bytes = content.bytes();
		return Flux.range(0, (bytes.length + chunk - 1) / chunk).map((i) -> {
			int length = Math.min(chunk, bytes.length - i * chunk);
			DataBuffer buffer = buffers.allocateBuffer(length);
			buffer.write(bytes, i * chunk, length);
			return buffer;
		});
	}

	private byte[] read(StoredObject object, long position, long length) throws Exception {
		ReadStream<DataBuffer> stream = this.storage.openRead(object, position, length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompletableFuture<Void> done = new CompletableFuture<>();
		stream.exceptionHandler(done::completeExceptionally).endHandler(() -> done.complete(null));
		stream.handler((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			out.write(bytes, 0, bytes.length);
		});
		done.get(60, TimeUnit.SECONDS);
		return out.toByteArray();
	}

	private int multipartUploads() {
		return client.listMultipartUploads((list) -> list.bucket(this.bucket)).join().uploads().size();
	}

	private List<String> objectKeys() {
		return client.listObjectsV2((list) -> list.bucket(this.bucket))
			.join()
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

	private List<String> digestObjects() {
		return objectKeys().stream().filter((key) -> key.startsWith(S3Storage.DIGEST_PREFIX)).toList();
	}

}
