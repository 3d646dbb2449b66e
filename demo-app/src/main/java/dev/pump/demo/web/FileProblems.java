package dev.pump.demo.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * The errors of the files API as RFC 9457 problem details. Details are written for
 * clients: they never hold a stack trace, a path on the server or the key as sent.
 */
final class FileProblems {

	private FileProblems() {
	}

	static ErrorResponseException badKey(String reason) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid key", reason);
	}

	static ErrorResponseException badMultipart(String reason) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid multipart body", reason);
	}

	static ErrorResponseException badBody(String reason) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid body", reason);
	}

	static ErrorResponseException notFound() {
		return problem(HttpStatus.NOT_FOUND, "No such object", "There is no object with this key");
	}

	static ErrorResponseException tooLarge(DataSize maxUploadSize) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
				"Uploads are limited to " + maxUploadSize.toBytes() + " bytes");
	}

	static ErrorResponseException tooManyUploads(Duration retryAfter) {
		ErrorResponseException problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many uploads",
				"Too many uploads are in progress, try again later");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		return problem;
	}

	static ErrorResponseException storageFull() {
		return problem(HttpStatus.INSUFFICIENT_STORAGE, "Storage full", "The storage has no space left");
	}

	static ErrorResponseException conflict() {
		return problem(HttpStatus.CONFLICT, "Key conflict",
				"The key clashes with an existing key: a key cannot be both an object and a prefix of others");
	}

	static ErrorResponseException rangeNotSatisfiable(long size) {
		ErrorResponseException problem = problem(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Range not satisfiable",
				"The range is outside of the object");
		problem.getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
		return problem;
	}

	static ErrorResponseException storageFailed(String reason) {
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Storage failed", reason);
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return new ErrorResponseException(status, body, null);
	}

}
