package dev.pump.web;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * How {@link FileResponses#serve} answers: the name of its pumps, the content type and
 * the validators of the file. Immutable: each {@code with} method returns a copy.
 *
 * @param pumpName the name of the pumps, bounded, such as a route
 * @param contentType the content type of the response
 * @param etag the entity tag of the file, quoted (such as {@code "\"abc\""}), or
 * {@code null} for none
 * @param lastModified when the file last changed, or {@code null} not to say
 */
public record FileResponseOptions(String pumpName, MediaType contentType, @Nullable String etag,
		@Nullable Instant lastModified) {

	/**
	 * Create options.
	 * @param pumpName the name of the pumps, bounded, such as a route
	 * @param contentType the content type of the response
	 * @param etag the entity tag of the file, quoted, or {@code null} for none
	 * @param lastModified when the file last changed, or {@code null} not to say
	 */
	public FileResponseOptions {
		Objects.requireNonNull(pumpName, "pumpName");
		Objects.requireNonNull(contentType, "contentType");
		if (pumpName.isBlank()) {
			throw new IllegalArgumentException("pumpName must not be blank");
		}
	}

	/**
	 * Return options for pumps named {@code download}, {@code application/octet-stream}
	 * and no validators.
	 * @return the options
	 */
	public static FileResponseOptions defaults() {
		return new FileResponseOptions("download", MediaType.APPLICATION_OCTET_STREAM, null, null);
	}

	/**
	 * Return a copy with another pump name.
	 * @param pumpName the name, bounded, such as a route
	 * @return the copy
	 */
	public FileResponseOptions withPumpName(String pumpName) {
		return new FileResponseOptions(pumpName, this.contentType, this.etag, this.lastModified);
	}

	/**
	 * Return a copy with another content type.
	 * @param contentType the content type
	 * @return the copy
	 */
	public FileResponseOptions withContentType(MediaType contentType) {
		return new FileResponseOptions(this.pumpName, contentType, this.etag, this.lastModified);
	}

	/**
	 * Return a copy with an entity tag, for {@code ETag} and {@code If-None-Match}.
	 * @param etag the entity tag, quoted, or {@code null} for none
	 * @return the copy
	 */
	public FileResponseOptions withEtag(@Nullable String etag) {
		return new FileResponseOptions(this.pumpName, this.contentType, etag, this.lastModified);
	}

	/**
	 * Return a copy with a modification time, for {@code Last-Modified} and
	 * {@code If-Modified-Since}.
	 * @param lastModified the time, or {@code null} not to say
	 * @return the copy
	 */
	public FileResponseOptions withLastModified(@Nullable Instant lastModified) {
		return new FileResponseOptions(this.pumpName, this.contentType, this.etag, lastModified);
	}

}
