package dev.pump.demo.tus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The headers of the tus 1.0 protocol, and the parsing of their values.
 */
final class TusHeaders {

	static final String VERSION = "1.0.0";

	static final String TUS_RESUMABLE = "Tus-Resumable";

	static final String TUS_VERSION = "Tus-Version";

	static final String TUS_EXTENSION = "Tus-Extension";

	static final String TUS_MAX_SIZE = "Tus-Max-Size";

	static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";

	static final String UPLOAD_OFFSET = "Upload-Offset";

	static final String UPLOAD_LENGTH = "Upload-Length";

	static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";

	static final String UPLOAD_METADATA = "Upload-Metadata";

	static final String UPLOAD_CHECKSUM = "Upload-Checksum";

	static final String UPLOAD_EXPIRES = "Upload-Expires";

	static final String EXTENSIONS = "creation,creation-with-upload,creation-defer-length,termination,checksum,expiration";

	static final String CHECKSUM_ALGORITHMS = "sha1,sha256";

	static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

	private TusHeaders() {
	}

	static void checkResumable(HttpHeaders headers) {
		if (!VERSION.equals(headers.getFirst(TUS_RESUMABLE))) {
			throw TusProblems.unsupportedVersion();
		}
	}

	/**
	 * Return a header that holds a non-negative number.
	 * @param headers the headers
	 * @param name the header
	 * @return the number, or {@code -1} if the header is missing
	 * @throws org.springframework.web.ErrorResponseException 400 if it is not a number
	 */
	static long number(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		if (value == null) {
			return -1;
		}
		try {
			long number = Long.parseLong(value.strip());
			if (number >= 0) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw TusProblems.badRequest(name + " must be a non-negative integer");
	}

	/**
	 * Decode {@code Upload-Metadata}: comma-separated pairs of a key and a Base64 value
	 * (the value may be missing).
	 * @param header the header, or {@code null}
	 * @return the pairs, in order
	 * @throws org.springframework.web.ErrorResponseException 400 if it is malformed
	 */
	static Map<String, String> metadata(@Nullable String header) {
		Map<String, String> pairs = new LinkedHashMap<>();
		if (header == null || header.isBlank()) {
			return pairs;
		}
		for (String pair : header.split(",")) {
			String[] parts = pair.strip().split(" ", -1);
			if (parts.length > 2 || parts[0].isEmpty() || pairs.containsKey(parts[0])) {
				throw TusProblems.badRequest("Upload-Metadata is malformed");
			}
			try {
				String value = (parts.length == 2)
						? new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8) : "";
				pairs.put(parts[0], value);
			}
			catch (IllegalArgumentException ex) {
				throw TusProblems.badRequest("Upload-Metadata values must be Base64");
			}
		}
		return pairs;
	}

}
