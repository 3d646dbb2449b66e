package dev.pump.demo.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.web.FileKeys;

/**
 * Signs and checks presigned URLs: {@code /files/{key}?X-Pump-Expires=...} that let their
 * holder use one method on one key, without a token, until they expire.
 *
 * <p>
 * Written by hand because no Spring component signs URLs for a resource server (Spring
 * Security checks tokens that others issue). The signature is an HMAC-SHA256, with
 * {@code demo.security.presign-secret}, of the method, the key, the expiry and the
 * subject who asked for the URL (for the audit log), one per line: none of them can hold
 * a line break, so no two URLs sign the same text. It is compared in constant time
 * ({@link MessageDigest#isEqual}), so a forger learns nothing from response times.
 */
public final class PresignedUrls {

	/**
	 * Query parameter of the expiry, in seconds since the epoch.
	 */
	public static final String EXPIRES = "X-Pump-Expires";

	/**
	 * Query parameter of the subject who asked for the URL.
	 */
	public static final String SUBJECT = "X-Pump-Subject";

	/**
	 * Query parameter of the signature, base64url without padding.
	 */
	public static final String SIGNATURE = "X-Pump-Signature";

	static final int MIN_SECRET_BYTES = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec secret;

	private final Duration maxExpiry;

	private final Clock clock;

	PresignedUrls(SecurityProperties properties, Clock clock) {
		this.secret = new SecretKeySpec(checkedSecret(properties.getPresignSecret()), ALGORITHM);
		this.maxExpiry = properties.getPresignMaxExpiry();
		this.clock = clock;
	}

	private static byte[] checkedSecret(@Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			throw new IllegalStateException("demo.security.presign-secret must be set when demo.security.enabled=true:"
					+ " presigned URLs are signed with it (at least " + MIN_SECRET_BYTES + " bytes)");
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new IllegalStateException(
					"demo.security.presign-secret is " + bytes.length + " bytes long: it must be at least "
							+ MIN_SECRET_BYTES + " bytes, or presigned URLs could be forged by guessing it");
		}
		return bytes;
	}

	/**
	 * Return the path and query of a presigned URL.
	 * @param method the method it allows
	 * @param key the key it allows
	 * @param expiresIn how long it lasts, at most
	 * {@code demo.security.presign-max-expiry}
	 * @param subject who asks for it
	 * @return the path and query, such as {@code /files/a/b?X-Pump-Expires=...}
	 * @throws IllegalArgumentException if the lifetime is not positive or too long
	 */
	String sign(HttpMethod method, ObjectKey key, Duration expiresIn, String subject) {
		if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(this.maxExpiry) > 0) {
			throw new IllegalArgumentException(
					"expiresIn must be positive and at most " + this.maxExpiry + ", not " + expiresIn);
		}
		long expires = this.clock.instant().plus(expiresIn).getEpochSecond();
		String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(mac(method, key, expires, subject));
		return FileKeys.PREFIX + key.value() + "?" + EXPIRES + "=" + expires + "&" + SUBJECT + "="
				+ URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&" + SIGNATURE + "=" + signature;
	}

	/**
	 * Check a presigned request.
	 * @param method the method of the request ({@code HEAD} counts as {@code GET}: it is
	 * a {@code GET} without the body)
	 * @param key the key of the request
	 * @param expires the expiry parameter
	 * @param subject the subject parameter
	 * @param signature the signature parameter
	 * @throws InvalidPresignedUrlException if the signature does not match or the URL has
	 * expired
	 */
	void verify(HttpMethod method, ObjectKey key, String expires, String subject, String signature) {
		HttpMethod signed = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
		long expiresAt = parseExpiry(expires);
		byte[] expected = mac(signed, key, expiresAt, subject);
		if (!MessageDigest.isEqual(expected, decode(signature))) {
			throw new InvalidPresignedUrlException("The signature of the presigned URL does not match");
		}
		if (!this.clock.instant().isBefore(Instant.ofEpochSecond(expiresAt))) {
			throw new InvalidPresignedUrlException("The presigned URL has expired");
		}
	}

	private byte[] mac(HttpMethod method, ObjectKey key, long expires, String subject) {
		String text = method.name() + "\n" + key.value() + "\n" + expires + "\n" + subject;
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.secret);
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static long parseExpiry(String expires) {
		try {
			return Long.parseLong(expires);
		}
		catch (NumberFormatException ex) {
			throw new InvalidPresignedUrlException("The expiry of the presigned URL is not a number");
		}
	}

	private static byte[] decode(String signature) {
		try {
			return Base64.getUrlDecoder().decode(signature);
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

}
