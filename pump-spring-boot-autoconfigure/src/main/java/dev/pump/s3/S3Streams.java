package dev.pump.s3;

import java.util.Objects;

import dev.pump.ReadStream;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Streams into and out of S3 objects, for pumps: an upload is a
 * {@link dev.pump.WriteStream} whose memory is bounded by the part size times the parts
 * in flight, a download a {@link ReadStream} that stops asking S3 for bytes while it is
 * paused.
 *
 * <p>
 * The client belongs to the caller, who closes it; it must be an {@link S3AsyncClient}
 * whose multipart support is off (the default): these streams make the parts themselves.
 */
public final class S3Streams {

	private S3Streams() {
	}

	/**
	 * Open a stream that uploads an object with the default options.
	 * @param s3 the client
	 * @param bucket the bucket
	 * @param key the key of the object, which appears (replacing any previous one) once
	 * {@code end()} completes
	 * @return the stream
	 * @see #upload(S3AsyncClient, String, String, S3UploadOptions)
	 */
	public static S3WriteStream upload(S3AsyncClient s3, String bucket, String key) {
		return upload(s3, bucket, key, S3UploadOptions.defaults());
	}

	/**
	 * Open a stream that uploads an object: with one {@code PutObject} if it is smaller
	 * than the part size, as a multipart upload otherwise. Nothing is sent before the
	 * first part is complete or the stream ends.
	 * @param s3 the client
	 * @param bucket the bucket
	 * @param key the key of the object, which appears (replacing any previous one) once
	 * {@code end()} completes
	 * @param options the part size, parts in flight, content type, metadata, checksum
	 * @return the stream
	 */
	public static S3WriteStream upload(S3AsyncClient s3, String bucket, String key, S3UploadOptions options) {
		S3Target target = new S3Target(Objects.requireNonNull(s3, "s3"), Objects.requireNonNull(bucket, "bucket"),
				Objects.requireNonNull(key, "key"));
		return new S3WriteStream(new S3UploadRequests(target, Objects.requireNonNull(options, "options")), options);
	}

	/**
	 * Open a stream that reads a whole object.
	 * @param s3 the client
	 * @param bucket the bucket
	 * @param key the key of the object
	 * @return the stream; it sends the request when its handler is first set
	 * @see #download(S3AsyncClient, String, String, S3DownloadOptions)
	 */
	public static ReadStream<DataBuffer> download(S3AsyncClient s3, String bucket, String key) {
		return download(s3, bucket, key, S3DownloadOptions.defaults());
	}

	/**
	 * Open a stream that reads an object, or a range of it. The request is sent when the
	 * stream's handler is first set (that is, when the pump starts); the bytes are asked
	 * of S3 as the stream is read, never while it is paused. A missing object fails the
	 * stream with {@link S3ObjectNotFoundException}, an object whose ETag no longer
	 * matches {@link S3DownloadOptions#ifMatch(String)} with
	 * {@link S3ObjectChangedException}.
	 * @param s3 the client
	 * @param bucket the bucket
	 * @param key the key of the object
	 * @param options the range, the ETag to match, the buffer factory
	 * @return the stream
	 */
	public static ReadStream<DataBuffer> download(S3AsyncClient s3, String bucket, String key,
			S3DownloadOptions options) {
		S3Target target = new S3Target(Objects.requireNonNull(s3, "s3"), Objects.requireNonNull(bucket, "bucket"),
				Objects.requireNonNull(key, "key"));
		return S3Download.open(target, Objects.requireNonNull(options, "options"));
	}

}
