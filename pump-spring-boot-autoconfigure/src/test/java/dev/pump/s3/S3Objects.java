package dev.pump.s3;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.pump.ReadStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * What a bucket holds, read with the plain client, to check what the streams did.
 *
 * @param client the client
 * @param bucket the bucket
 */
record S3Objects(S3AsyncClient client, String bucket) {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	List<String> keys() {
		return this.client.listObjectsV2((list) -> list.bucket(this.bucket))
			.join()
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

	int multipartUploads() {
		return this.client.listMultipartUploads((list) -> list.bucket(this.bucket)).join().uploads().size();
	}

	byte[] content(String key) {
		return this.client.getObject((get) -> get.bucket(this.bucket).key(key), AsyncResponseTransformer.toBytes())
			.join()
			.asByteArray();
	}

	String eTag(String key) {
		return this.client.headObject((head) -> head.bucket(this.bucket).key(key)).join().eTag();
	}

	/**
	 * Read a stream to its end, digesting what it delivers.
	 * @param stream the stream
	 * @return the SHA-256 of the content, in hex
	 * @throws Exception if the stream fails or takes too long
	 */
	static String sha256(ReadStream<DataBuffer> stream) throws Exception {
		MessageDigest digest = GeneratedContent.newDigest();
		CompletableFuture<Void> done = new CompletableFuture<>();
		stream.exceptionHandler(done::completeExceptionally).endHandler(() -> done.complete(null));
		stream.handler((buffer) -> {
			try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
				buffers.forEachRemaining(digest::update);
			}
			DataBufferUtils.release(buffer);
		});
		done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		return HexFormat.of().formatHex(digest.digest());
	}

}
