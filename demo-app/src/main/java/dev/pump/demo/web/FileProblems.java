package dev.pump.demo.web;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

import dev.pump.PumpException;
import dev.pump.demo.storage.NoSuchObjectException;
import dev.pump.demo.storage.ObjectConflictException;
import dev.pump.demo.storage.StorageFullException;

/**
 * The errors of the files API as RFC 9457 problem details. Details are written for
 * clients: they never hold a stack trace, a path on the server or the key as sent.
 */
final class FileProblems {

	private static final Log logger = LogFactory.getLog(FileProblems.class);

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

	static ErrorResponseException outOfScope() {
		return problem(HttpStatus.FORBIDDEN, "Key out of scope", "The credential does not grant access to this key");
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

	/**
	 * Translate the failure of a transfer into a problem.
	 * @param failure the failure
	 * @return the problem, or the failure itself if it is unexpected
	 */
	static Throwable translate(Throwable failure) {
		if (failure instanceof ErrorResponseException) {
			return failure;
		}
		Throwable cause = (failure instanceof PumpException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof ErrorResponseException) {
			return cause;
		}
		if (StorageFullException.isStorageFull(cause)) {
			return FileProblems.storageFull();
		}
		if (cause instanceof ObjectConflictException) {
			return FileProblems.conflict();
		}
		if (cause instanceof DecodingException) {
			return FileProblems.badMultipart("The multipart body is malformed");
		}
		if (cause instanceof LimitedBodyReadStream.IncompleteBodyException) {
			return FileProblems.badBody("The body is shorter than its Content-Length");
		}
		if (failure instanceof PumpException pump && pump.side() == PumpException.Side.READ) {
			return FileProblems.badBody("The body could not be read");
		}
		if (cause instanceof NoSuchObjectException) {
			return FileProblems.notFound();
		}
		if (cause instanceof CancellationException) {
			return FileProblems.storageFailed("The transfer was cancelled");
		}
		logger.error("Transfer failed", failure);
		return FileProblems.storageFailed("The storage failed");
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return new ErrorResponseException(status, body, null);
	}

}
