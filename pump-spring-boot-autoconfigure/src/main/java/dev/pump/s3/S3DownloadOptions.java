package dev.pump.s3;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * Options of a download, an immutable value: each method returns a copy with one option
 * changed, for example {@code S3DownloadOptions.defaults().range(0, 1024).ifMatch(eTag)}.
 *
 * <h2>Memory</h2> A download holds at most {@value #DEFAULT_BATCH_SIZE} of the client's
 * chunks (a few KiB each, as they come off the connection) at a time: the stream asks S3
 * for bytes only as they are read.
 */
public final class S3DownloadOptions {

	/**
	 * How many chunks of the client a download asks for at once.
	 */
	public static final int DEFAULT_BATCH_SIZE = 16;

	private static final S3DownloadOptions DEFAULTS = new S3DownloadOptions(0, -1, null,
			DefaultDataBufferFactory.sharedInstance);

	private final long position;

	private final long length;

	private final @Nullable String ifMatch;

	private final DataBufferFactory bufferFactory;

	private S3DownloadOptions(long position, long length, @Nullable String ifMatch, DataBufferFactory bufferFactory) {
		this.position = position;
		this.length = length;
		this.ifMatch = ifMatch;
		this.bufferFactory = bufferFactory;
	}

	/**
	 * Return the defaults: the whole object, whatever its version, in buffers of the
	 * shared {@link DefaultDataBufferFactory}.
	 * @return the default options
	 */
	public static S3DownloadOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Read a range of the object only.
	 * @param position the first byte
	 * @param length the number of bytes, {@code 0} for none (no request is sent)
	 * @return the options with that range
	 * @throws IllegalArgumentException if {@code position} or {@code length} is negative
	 */
	public S3DownloadOptions range(long position, long length) {
		if (position < 0 || length < 0) {
			throw new IllegalArgumentException("Range must not be negative: " + position + "+" + length);
		}
		return new S3DownloadOptions(position, length, this.ifMatch, this.bufferFactory);
	}

	/**
	 * Read the object only if its ETag is this one, so that a download (or the ranges of
	 * one object downloaded one after another) never mixes two versions: a replaced
	 * object fails the stream with {@link S3ObjectChangedException}.
	 * @param eTag the ETag, as S3 gave it (with its quotes), or {@code null} for any
	 * @return the options with that condition
	 */
	public S3DownloadOptions ifMatch(@Nullable String eTag) {
		return new S3DownloadOptions(this.position, this.length, eTag, this.bufferFactory);
	}

	/**
	 * Set the factory that wraps the client's bytes into the buffers handed to the
	 * handler (without copying them).
	 * @param bufferFactory the factory
	 * @return the options with that factory
	 */
	public S3DownloadOptions bufferFactory(DataBufferFactory bufferFactory) {
		return new S3DownloadOptions(this.position, this.length, this.ifMatch,
				Objects.requireNonNull(bufferFactory, "bufferFactory"));
	}

	/**
	 * Return the {@code Range} header of the options.
	 * @return the header value, or {@code null} for the whole object
	 */
	@Nullable String rangeHeader() {
		if (this.length < 0) {
			return null;
		}
		return "bytes=" + this.position + "-" + (this.position + this.length - 1);
	}

	/**
	 * Whether the range is empty, so that there is nothing to ask for.
	 * @return {@code true} for a range of length 0
	 */
	boolean isEmpty() {
		return this.length == 0;
	}

	/**
	 * Return the ETag the object must have.
	 * @return the ETag, or {@code null} for any
	 */
	public @Nullable String ifMatch() {
		return this.ifMatch;
	}

	/**
	 * Return the buffer factory.
	 * @return the factory
	 */
	public DataBufferFactory bufferFactory() {
		return this.bufferFactory;
	}

}
