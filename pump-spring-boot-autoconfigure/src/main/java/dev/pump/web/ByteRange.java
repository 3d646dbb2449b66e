package dev.pump.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The part of a file a request asks for: one satisfiable byte range, or the whole file
 * when there is no range, several ranges or a malformed one (RFC 9110 lets a server
 * ignore them).
 *
 * @param start the first byte
 * @param length the bytes
 * @param partial whether it is a range (206) rather than the whole file
 */
record ByteRange(long start, long length, boolean partial) {

	static ByteRange of(HttpHeaders requestHeaders, long size) {
		List<HttpRange> ranges;
		try {
			ranges = requestHeaders.getRange();
		}
		catch (IllegalArgumentException ex) {
			return new ByteRange(0, size, false);
		}
		if (ranges.size() != 1) {
			return new ByteRange(0, size, false);
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
