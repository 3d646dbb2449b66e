package dev.pump.demo.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;

/**
 * Reads the key of a {@code /files/{key}} request from the raw path, segment by segment,
 * so that an encoded slash ({@code %2F}) cannot smuggle a separator or a {@code ..} past
 * the key rules: each segment is decoded on its own and a decoded {@code /} is refused.
 */
public final class FileKeys {

	/**
	 * Path prefix of the objects: {@code /files/{key}}.
	 */
	public static final String PREFIX = "/files/";

	private FileKeys() {
	}

	/**
	 * Return the key of a request.
	 * @param request the request
	 * @return the key
	 * @throws InvalidKeyException if the path holds no valid key
	 */
	public static ObjectKey fromPath(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value();
		if (!path.startsWith(PREFIX)) {
			throw new InvalidKeyException("Key is empty");
		}
		String raw = path.substring(PREFIX.length());
		if (raw.length() > ObjectKey.MAX_LENGTH * 3) {
			throw new InvalidKeyException("Key is longer than " + ObjectKey.MAX_LENGTH + " characters");
		}
		StringJoiner key = new StringJoiner("/");
		for (String segment : raw.split("/", -1)) {
			key.add(decodeSegment(segment));
		}
		return ObjectKey.of(key.toString());
	}

	private static String decodeSegment(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c == '%') {
				bytes.write(hexByte(segment, i));
				i += 2;
			}
			else {
				bytes.write(c);
			}
		}
		String decoded = bytes.toString(StandardCharsets.UTF_8);
		if (decoded.indexOf('/') >= 0) {
			throw new InvalidKeyException("Key has an encoded '/'");
		}
		return decoded;
	}

	private static int hexByte(String segment, int index) {
		if (index + 2 >= segment.length()) {
			throw new InvalidKeyException("Key has an invalid percent-encoding");
		}
		int high = Character.digit(segment.charAt(index + 1), 16);
		int low = Character.digit(segment.charAt(index + 2), 16);
		if (high < 0 || low < 0) {
			throw new InvalidKeyException("Key has an invalid percent-encoding");
		}
		return (high << 4) | low;
	}

}
