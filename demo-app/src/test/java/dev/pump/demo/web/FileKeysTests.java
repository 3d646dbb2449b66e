package dev.pump.demo.web;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import dev.pump.demo.storage.InvalidKeyException;
import dev.pump.demo.storage.ObjectKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileKeysTests {

	@Test
	void keyIsThePathAfterFiles() {
		assertThat(keyOf("/files/a/b/c.txt")).isEqualTo(ObjectKey.of("a/b/c.txt"));
	}

	@Test
	void percentEncodedAllowedCharactersAreDecoded() {
		assertThat(keyOf("/files/a%2Db%5Fc")).isEqualTo(ObjectKey.of("a-b_c"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/files/", "/files//a", "/files/a/", "/files/..", "/files/a/../../etc/passwd",
			"/files/%2e%2e/etc", "/files/%2E%2E", "/files/a%2Fb", "/files/a%2f..%2f..%2fetc", "/files/%2e",
			"/files/a%00b", "/files/a;b", "/files/%C3%A9", "/files/a%5Cb" })
	void hostilePathsAreRefused(String path) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> keyOf(path));
	}

	@Test
	void overlongPathIsRefused() {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> keyOf("/files/" + "a".repeat(1025)));
	}

	private static ObjectKey keyOf(String rawPath) {
		return FileKeys
			.fromPath(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://localhost" + rawPath)).build());
	}

}
