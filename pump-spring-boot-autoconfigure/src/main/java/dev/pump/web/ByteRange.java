package dev.pump.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The part of a file a request asks for: one satisfiable byte range, or the whole file
 * when there is no range, several ranges or a malformed one (RFC 9110 lets a server
 * ignore them), or an {@code If-Range} that does not match the file. See
 * {@link FileResponses#prepare}.
 *
 * @param start the first byte
 * @param length the bytes
 * @param partial whether it is a range (206) rather than the whole file
 */
public record ByteRange(long start, long length, boolean partial) {

	/**
	 * Return the whole file.
	 * @param size the size of the file
	 * @return the range of every byte, not partial
	 */
	static ByteRange whole(long size) {
		return new ByteRange(0, size, false);
	}

	/**
	 * Return the part of a file the {@code Range} of a {@code GET} asks for, if its
	 * {@code If-Range} (RFC 9110 13.1.5), when present, matches the file.
	 * @param requestHeaders the headers of the request
	 * @param size the size of the file
	 * @param etag the entity tag of the file, or {@code null}
	 * @param lastModified when the file last changed, or {@code null}
	 * @return the range
	 * @throws ResponseStatusException 416 for a range outside of the file
	 */
	static ByteRange of(HttpHeaders requestHeaders, long size, @Nullable String etag, @Nullable Instant lastModified) {
		List<HttpRange> ranges;
		try {
			ranges = requestHeaders.getRange();
		}
		catch (IllegalArgumentException ex) {
			return whole(size);
		}
		if (ranges.size() != 1 || !ifRangeMatches(requestHeaders, etag, lastModified)) {
			return whole(size);
		}
		HttpRange range = ranges.get(0);
		long start;
		long end;
		try {
			start = range.getRangeStart(size);
			end = range.getRangeEnd(size);
		}
		catch (IllegalArgumentException ex) {
			throw notSatisfiable(size);
		}
		if (size == 0 || start >= size || end < start) {
			throw notSatisfiable(size);
		}
		return new ByteRange(start, end - start + 1, true);
	}

	/**
	 * Whether the range may be sent: no {@code If-Range}, or one that names the file as
	 * it is. An entity tag matches only by strong comparison (a weak tag on either side
	 * never does); a date only if it is the {@code Last-Modified} date to the second, as
	 * sent. Anything else, a malformed value too, asks for the whole file.
	 */
	private static boolean ifRangeMatches(HttpHeaders requestHeaders, @Nullable String etag,
			@Nullable Instant lastModified) {
		String ifRange = requestHeaders.getFirst(HttpHeaders.IF_RANGE);
		if (ifRange == null) {
			return true;
		}
		ifRange = ifRange.trim();
		if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
			return etag != null && !etag.startsWith("W/") && etag.equals(ifRange);
		}
		if (lastModified == null) {
			return false;
		}
		try {
			long date = requestHeaders.getFirstDate(HttpHeaders.IF_RANGE);
			// Last-Modified is sent in whole seconds.
			return date / 1000 == lastModified.getEpochSecond();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	String contentRange(long size) {
		return "bytes " + this.start + "-" + (this.start + this.length - 1) + "/" + size;
	}

	private static ResponseStatusException notSatisfiable(long size) {
		return new NotSatisfiable(size);
	}

	/**
	 * A 416 that tells the size of the file, as RFC 9110 asks.
	 */
	static final class NotSatisfiable extends ResponseStatusException {

		private final HttpHeaders headers = new HttpHeaders();

		NotSatisfiable(long size) {
			super(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "The range is outside of the file");
			this.headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
