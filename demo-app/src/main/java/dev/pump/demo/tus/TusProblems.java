package dev.pump.demo.tus;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The errors of the tus endpoint as RFC 9457 problem details.
 */
final class TusProblems {

	/**
	 * Status of a checksum mismatch, defined by the tus checksum extension.
	 */
	static final HttpStatusCode CHECKSUM_MISMATCH = HttpStatusCode.valueOf(460);

	private TusProblems() {
	}

	static ErrorResponseException unsupportedVersion() {
		ErrorResponseException problem = problem(HttpStatus.PRECONDITION_FAILED, "Unsupported tus version",
				"Tus-Resumable must be " + TusHeaders.VERSION);
		problem.getHeaders().set(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
		return problem;
	}

	static ErrorResponseException badRequest(String detail) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid tus request", detail);
	}

	static ErrorResponseException outOfScope() {
		return problem(HttpStatus.FORBIDDEN, "Key out of scope", "The credential does not grant access to this key");
	}

	static ErrorResponseException notFound() {
		return problem(HttpStatus.NOT_FOUND, "No such upload", "There is no upload with this id");
	}

	static ErrorResponseException expired() {
		return problem(HttpStatus.GONE, "Upload expired", "The upload expired and was deleted");
	}

	static ErrorResponseException wrongOffset(long offset) {
		return problem(HttpStatus.CONFLICT, "Wrong offset", "The upload is at offset " + offset);
	}

	static ErrorResponseException locked() {
		return problem(HttpStatus.LOCKED, "Upload locked",
				"A PATCH of this upload is in progress: terminate it once the PATCH has ended");
	}

	static ErrorResponseException busy() {
		return problem(HttpStatus.CONFLICT, "Upload busy", "Another PATCH of this upload is in progress");
	}

	static ErrorResponseException changedElsewhere() {
		return problem(HttpStatus.CONFLICT, "Upload changed",
				"Another PATCH changed the upload meanwhile: ask for its offset with HEAD");
	}

	static ErrorResponseException wrongContentType() {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Wrong content type",
				"PATCH bodies must be " + TusHeaders.OFFSET_OCTET_STREAM);
	}

	static ErrorResponseException tooLarge(long limit) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
				"The upload is limited to " + limit + " bytes");
	}

	static ErrorResponseException checksumMismatch() {
		return problem(CHECKSUM_MISMATCH, "Checksum mismatch",
				"The chunk does not match its Upload-Checksum and was discarded");
	}

	static ErrorResponseException unsupportedChecksum() {
		return problem(HttpStatus.BAD_REQUEST, "Unsupported checksum algorithm",
				"Upload-Checksum algorithms are " + TusHeaders.CHECKSUM_ALGORITHMS);
	}

	private static ErrorResponseException problem(HttpStatusCode status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return new ErrorResponseException(status, body, null);
	}

}
