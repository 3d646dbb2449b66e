package dev.pump.demo.security;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * A presigned URL that does not allow the request: tampered with, used for another key or
 * method, or expired. Answered with 403.
 */
class InvalidPresignedUrlException extends BadCredentialsException {

	private static final long serialVersionUID = 1L;

	InvalidPresignedUrlException(String message) {
		super(message);
	}

}
