package dev.pump.demo.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ObjectKeyTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "a", "report.pdf", "2024/q1/report-final_v2.pdf", "...", ".hidden", "a..b", "-_.", "A/B/C" })
	void validKeysAreAccepted(String key) {
		assertThat(ObjectKey.of(key).value()).isEqualTo(key);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/a", "a/", "a//b", ".", "..", "a/../b", "a/./b", "../etc/passwd", "a b",
			"a\u0000b", "a\\b", "~uploads/x", "é", "a%2Fb", "a:b" })
	void invalidKeysAreRefused(String key) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> ObjectKey.of(key));
	}

	@Test
	void keyOfMaximumLengthIsAccepted() {
		assertThat(ObjectKey.of("a".repeat(ObjectKey.MAX_LENGTH)).value()).hasSize(1024);
	}

	@Test
	void keyOverMaximumLengthIsRefused() {
		assertThatExceptionOfType(InvalidKeyException.class)
			.isThrownBy(() -> ObjectKey.of("a".repeat(ObjectKey.MAX_LENGTH + 1)))
			.withMessageContaining("1024");
	}

	@Test
	void messageDoesNotRepeatTheKey() {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> ObjectKey.of("<script>"))
			.withMessageNotContaining("<script>");
	}

	@Test
	void segmentsSplitOnSlashes() {
		assertThat(ObjectKey.of("a/b.c/d").segments()).containsExactly("a", "b.c", "d");
	}

	@Test
	void keysWithEqualValuesAreEqual() {
		assertThat(ObjectKey.of("a/b")).isEqualTo(ObjectKey.of("a/b")).hasSameHashCodeAs(ObjectKey.of("a/b"));
	}

}
