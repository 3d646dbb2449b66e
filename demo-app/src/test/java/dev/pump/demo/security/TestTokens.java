package dev.pump.demo.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real JWTs for the tests: an RSA key pair made once per test run, its public key written
 * as a PEM file for
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, and tokens
 * signed with RS256 (or forged in the ways attackers try).
 */
public final class TestTokens {

	/**
	 * Audience of the tokens.
	 */
	public static final String AUDIENCE = "pump-files";

	private static final KeyPair KEYS = generate();

	private static final KeyPair OTHER_KEYS = generate();

	private static final Path PUBLIC_KEY = writePem();

	private TestTokens() {
	}

	/**
	 * Return the location of the public key, for Boot's property.
	 * @return a {@code file:} location
	 */
	public static String publicKeyLocation() {
		return PUBLIC_KEY.toUri().toString();
	}

	/**
	 * A token of a subject with scopes, valid for five minutes, for {@link #AUDIENCE}.
	 * @param subject the subject
	 * @param scope the scopes, space-separated
	 * @return the token
	 */
	public static String token(String subject, String scope) {
		return sign(claims(subject, scope).build(), KEYS);
	}

	static String token(String subject, String scope, String keyPrefix) {
		return sign(claims(subject, scope).claim("key_prefix", keyPrefix).build(), KEYS);
	}

	static String withClaim(String subject, String scope, String claim, Object value) {
		return sign(claims(subject, scope).claim(claim, value).build(), KEYS);
	}

	static String expired(String subject, String scope) {
		Instant past = Instant.now().minus(Duration.ofMinutes(10));
		return sign(claims(subject, scope).issueTime(Date.from(past.minusSeconds(300)))
			.expirationTime(Date.from(past))
			.build(), KEYS);
	}

	static String forAudience(String subject, String scope, String audience) {
		return sign(claims(subject, scope).audience(audience).build(), KEYS);
	}

	static String signedByAnotherKey(String subject, String scope) {
		return sign(claims(subject, scope).build(), OTHER_KEYS);
	}

	static String unsigned(String subject, String scope) {
		return new PlainJWT(claims(subject, scope).build()).serialize();
	}

	/**
	 * The classic key confusion: HS256 with the public key (which everyone has) as the
	 * secret, for a server that would take the algorithm from the token.
	 */
	static String hs256WithThePublicKey(String subject, String scope) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(subject, scope).build());
			jwt.sign(new MACSigner(Files.readAllBytes(PUBLIC_KEY)));
			return jwt.serialize();
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWTClaimsSet.Builder claims(String subject, String scope) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.claim("scope", scope)
			.audience(List.of(AUDIENCE))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

	private static String sign(JWTClaimsSet claims, KeyPair keys) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
			jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePem() {
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(KEYS.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		try {
			Path file = Files.createTempFile("pump-test-jwt", ".pem");
			file.toFile().deleteOnExit();
			return Files.writeString(file, pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
