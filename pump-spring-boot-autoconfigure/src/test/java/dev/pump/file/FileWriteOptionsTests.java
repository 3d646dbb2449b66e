package dev.pump.file;

import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FileWriteOptions}.
 */
class FileWriteOptionsTests {

	@Test
	void defaultsForceNothingKeepTheFileAndUseTheSharedThreads() {
		FileWriteOptions defaults = FileWriteOptions.defaults();
		assertThat(defaults.isForceOnEnd()).isFalse();
		assertThat(defaults.isDeleteOnAbort()).isFalse();
		assertThat(defaults.backgroundForceInterval()).isEqualTo(8 * 1024 * 1024);
		assertThat(defaults.threads()).isSameAs(FileThreads.shared());
		assertThat(defaults.writer()).isNull();
	}

	@Test
	void eachOptionIsACopyWithOneChange() {
		FileWriteOptions defaults = FileWriteOptions.defaults();
		FileWriteOptions forced = defaults.forceOnEnd();
		FileWriteOptions both = forced.deleteOnAbort().backgroundForceInterval(DataSize.ofMegabytes(1));
		assertThat(defaults.isForceOnEnd()).isFalse();
		assertThat(forced.isForceOnEnd()).isTrue();
		assertThat(forced.isDeleteOnAbort()).isFalse();
		assertThat(both.isForceOnEnd()).isTrue();
		assertThat(both.isDeleteOnAbort()).isTrue();
		assertThat(both.backgroundForceInterval()).isEqualTo(1024 * 1024);
		assertThat(forced.backgroundForceInterval()).isEqualTo(FileWriteOptions.DEFAULT_BACKGROUND_FORCE_INTERVAL);
	}

	@Test
	void threadsAndWriterAreKept() {
		Executor writer = Runnable::run;
		FileThreads threads = FileThreads.create(1, 1);
		try {
			FileWriteOptions options = FileWriteOptions.defaults().threads(threads).writer(writer).forceOnEnd();
			assertThat(options.threads()).isSameAs(threads);
			assertThat(options.writer()).isSameAs(writer);
		}
		finally {
			threads.close();
		}
	}

	@Test
	void optionsAreEqualWhenTheirValuesAre() {
		FileWriteOptions options = FileWriteOptions.defaults().forceOnEnd().deleteOnAbort();
		assertThat(FileWriteOptions.defaults().deleteOnAbort().forceOnEnd()).isEqualTo(options)
			.hasSameHashCodeAs(options);
		assertThat(options.backgroundForceInterval(1)).isNotEqualTo(options);
		assertThat(FileWriteOptions.defaults()).isNotEqualTo(options);
	}

	@Test
	void negativeBackgroundForceIntervalIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FileWriteOptions.defaults().backgroundForceInterval(DataSize.ofBytes(-1)))
			.withMessageContaining("-1");
	}

}
