package dev.pump.demo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.pump.WriteStream;
import dev.pump.autoconfigure.PumpFileAutoConfiguration;
import dev.pump.demo.storage.ContentDigest;
import dev.pump.demo.storage.ObjectKey;
import dev.pump.demo.storage.Storage;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The filesystem storage writes its uploads on the application's {@link FileThreads} (the
 * starter's bean, sized by {@code pump.file.*}).
 */
class StorageConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PumpFileAutoConfiguration.class))
		.withUserConfiguration(StorageConfiguration.class);

	@Test
	void uploadsAreWrittenOnTheApplicationsFileThreads() {
		this.runner
			.withPropertyValues("demo.storage.directory=" + this.directory.resolve("storage"),
					"pump.file.writer-threads=1")
			.run((context) -> {
				FileThreads threads = context.getBean(FileThreads.class);
				// The only writer thread of the bean is held by another stream: the
				// upload
				// waits for it, so it must be one of its tasks.
				CountDownLatch release = new CountDownLatch(1);
				CountDownLatch holding = new CountDownLatch(1);
				AsyncFileWriteStream holder = AsyncFileWriteStream
					.open(this.directory.resolve("holder.bin"), FileWriteOptions.defaults().threads(threads))
					.writeObserver((bytes) -> {
						holding.countDown();
						awaitQuietly(release);
					});
				holder.write(DefaultDataBufferFactory.sharedInstance.wrap(new byte[1]));
				assertThat(holding.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				WriteStream<DataBuffer> upload = context.getBean(Storage.class)
					.openWrite(ObjectKey.of("report.txt"), new ContentDigest());
				upload.write(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { 1, 2, 3 }));
				CompletableFuture<Void> ended = upload.end();
				await().atMost(TIMEOUT).until(() -> threads.queuedWrites() == 1);
				assertThat(ended).isNotDone();
				release.countDown();
				assertThat(ended).succeedsWithin(TIMEOUT);
				assertThat(holder.end()).succeedsWithin(TIMEOUT);
			});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
