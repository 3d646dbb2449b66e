package dev.pump.s3;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * Options of an upload, an immutable value: each method returns a copy with one option
 * changed, for example
 * {@code S3UploadOptions.defaults().partSize(16 * 1024 * 1024).partsInFlight(4)}.
 *
 * <h2>Memory</h2> An upload holds at most {@code partSize * partsInFlight} bytes (plus
 * the last buffer written): the part being filled and the parts S3 has not acknowledged
 * yet. That is its write queue, so a pump pauses its source there.
 */
public final class S3UploadOptions {

	/**
	 * Smallest part size S3 accepts for every part but the last: 5 MiB.
	 */
	public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

	/**
	 * Part size unless set: 8 MiB.
	 */
	public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

	/**
	 * Parts in flight unless set: 2.
	 */
	public static final int DEFAULT_PARTS_IN_FLIGHT = 2;

	private static final S3PublishHook NO_HOOK = (multipart, metadata) -> CompletableFuture.completedFuture(metadata);

	private static final S3UploadOptions DEFAULTS = new S3UploadOptions(DEFAULT_PART_SIZE, DEFAULT_PARTS_IN_FLIGHT,
			"application/octet-stream", Map.of(), null, NO_HOOK);

	private final int partSize;

	private final int partsInFlight;

	private final String contentType;

	private final Map<String, String> metadata;

	private final @Nullable ChecksumAlgorithm checksumAlgorithm;

	private final S3PublishHook beforePublish;

	private S3UploadOptions(int partSize, int partsInFlight, String contentType, Map<String, String> metadata,
			@Nullable ChecksumAlgorithm checksumAlgorithm, S3PublishHook beforePublish) {
		this.partSize = partSize;
		this.partsInFlight = partsInFlight;
		this.contentType = contentType;
		this.metadata = metadata;
		this.checksumAlgorithm = checksumAlgorithm;
		this.beforePublish = beforePublish;
	}

	/**
	 * Return the defaults: parts of {@value #DEFAULT_PART_SIZE} bytes,
	 * {@value #DEFAULT_PARTS_IN_FLIGHT} in flight, {@code application/octet-stream}, no
	 * metadata, no checksum beyond what the client sends by itself.
	 * @return the default options
	 */
	public static S3UploadOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Set the part size: an object smaller than it is stored with one {@code PutObject},
	 * a larger one in parts of that size (the last one smaller).
	 * @param bytes the part size, at least {@value #MIN_PART_SIZE}
	 * @return the options with that part size
	 * @throws IllegalArgumentException if {@code bytes} is below {@value #MIN_PART_SIZE}
	 */
	public S3UploadOptions partSize(int bytes) {
		if (bytes < MIN_PART_SIZE) {
			throw new IllegalArgumentException("S3 needs parts of at least 5 MiB, not " + bytes + " bytes");
		}
		return new S3UploadOptions(bytes, this.partsInFlight, this.contentType, this.metadata, this.checksumAlgorithm,
				this.beforePublish);
	}

	/**
	 * Set how many parts are uploaded at once.
	 * @param parts the number of parts, at least 1
	 * @return the options with that number of parts in flight
	 * @throws IllegalArgumentException if {@code parts} is not positive
	 */
	public S3UploadOptions partsInFlight(int parts) {
		if (parts <= 0) {
			throw new IllegalArgumentException("Parts in flight must be at least 1, not " + parts);
		}
		return new S3UploadOptions(this.partSize, parts, this.contentType, this.metadata, this.checksumAlgorithm,
				this.beforePublish);
	}

	/**
	 * Set the content type of the object.
	 * @param contentType the media type
	 * @return the options with that content type
	 */
	public S3UploadOptions contentType(String contentType) {
		return new S3UploadOptions(this.partSize, this.partsInFlight,
				Objects.requireNonNull(contentType, "contentType"), this.metadata, this.checksumAlgorithm,
				this.beforePublish);
	}

	/**
	 * Set the user metadata of the object ({@code x-amz-meta-*}).
	 * @param metadata the names and values
	 * @return the options with that metadata
	 */
	public S3UploadOptions metadata(Map<String, String> metadata) {
		return new S3UploadOptions(this.partSize, this.partsInFlight, this.contentType, Map.copyOf(metadata),
				this.checksumAlgorithm, this.beforePublish);
	}

	/**
	 * Set a checksum that the client computes for every request body and S3 verifies: a
	 * part or an object whose bytes do not match is refused, and the upload fails.
	 * Multipart objects get a checksum of the part checksums.
	 * @param algorithm the algorithm, for example {@link ChecksumAlgorithm#CRC32}, or
	 * {@code null} for the client's own default
	 * @return the options with that checksum
	 */
	public S3UploadOptions checksumAlgorithm(@Nullable ChecksumAlgorithm algorithm) {
		return new S3UploadOptions(this.partSize, this.partsInFlight, this.contentType, this.metadata, algorithm,
				this.beforePublish);
	}

	/**
	 * Set work to do once every byte is uploaded, just before the object is made visible
	 * (for example, writing a companion object that must exist first).
	 * @param hook the work; {@code end()} waits for it, and its failure aborts the upload
	 * @return the options with that hook
	 */
	public S3UploadOptions beforePublish(S3PublishHook hook) {
		return new S3UploadOptions(this.partSize, this.partsInFlight, this.contentType, this.metadata,
				this.checksumAlgorithm, Objects.requireNonNull(hook, "hook"));
	}

	/**
	 * Return the part size.
	 * @return the part size in bytes
	 */
	public int partSize() {
		return this.partSize;
	}

	/**
	 * Return how many parts are uploaded at once.
	 * @return the number of parts
	 */
	public int partsInFlight() {
		return this.partsInFlight;
	}

	/**
	 * Return the content type.
	 * @return the media type
	 */
	public String contentType() {
		return this.contentType;
	}

	/**
	 * Return the user metadata.
	 * @return the names and values, unmodifiable
	 */
	public Map<String, String> metadata() {
		return this.metadata;
	}

	/**
	 * Return the checksum algorithm.
	 * @return the algorithm, or {@code null} for the client's default
	 */
	public @Nullable ChecksumAlgorithm checksumAlgorithm() {
		return this.checksumAlgorithm;
	}

	/**
	 * Return the work done before the object is made visible.
	 * @return the hook; by default it does nothing
	 */
	public S3PublishHook beforePublish() {
		return this.beforePublish;
	}

	/**
	 * Return the memory an upload holds at most, and its smallest write queue.
	 * @return {@code partSize * partsInFlight}, capped at {@link Integer#MAX_VALUE}
	 */
	int memoryBound() {
		return (int) Math.min(Integer.MAX_VALUE, (long) this.partSize * this.partsInFlight);
	}

}
