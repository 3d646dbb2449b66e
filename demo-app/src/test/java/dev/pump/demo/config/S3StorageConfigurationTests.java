package dev.pump.demo.config;

import java.nio.file.Path;

import dev.pump.demo.storage.FileSystemStorage;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.ThrottledStorage;
import dev.pump.demo.storage.s3.S3ServiceProperties;
import dev.pump.demo.storage.s3.S3Storage;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The choice of storage by {@code demo.storage.type}, and the S3 storage's checks at
 * start.
 */
@ExtendWith(S3ProxyExtension.class)
class S3StorageConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(StorageConfiguration.class, S3StorageConfiguration.class);

	@Test
	void storageIsTheFileSystemByDefault() {
		this.runner.withPropertyValues("demo.storage.directory=" + this.directory).run((context) -> {
			assertThat(context).hasSingleBean(Storage.class).doesNotHaveBean(S3AsyncClient.class);
			assertThat(context.getBean(Storage.class)).isInstanceOf(FileSystemStorage.class);
		});
	}

	@Test
	void storageIsS3WhenTheTypeIsS3AndTheBucketIsCreated() {
		this.runner.withPropertyValues(S3ServiceProperties.of(S3Proxy.shared(), "configured")).run((context) -> {
			assertThat(context).hasSingleBean(Storage.class).hasSingleBean(S3AsyncClient.class);
			assertThat(context.getBean(Storage.class)).isInstanceOf(S3Storage.class);
			assertThat(context.getBean(S3AsyncClient.class).headBucket((head) -> head.bucket("configured")))
				.succeedsWithin(java.time.Duration.ofSeconds(30));
		});
	}

	@Test
	void s3StorageIsThrottledWhenAThrottleIsSet() {
		this.runner.withPropertyValues(S3ServiceProperties.of(S3Proxy.shared(), "throttled"))
			.withPropertyValues("demo.storage.throttle=1MB")
			.run((context) -> assertThat(context.getBean(Storage.class)).isInstanceOf(ThrottledStorage.class));
	}

	@Test
	void s3StorageWithoutABucketFailsToStart() {
		this.runner
			.withPropertyValues("demo.storage.type=s3", "demo.storage.s3.endpoint=" + S3Proxy.shared().endpoint())
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("demo.storage.s3.bucket"));
	}

	@Test
	void partsSmallerThanS3AllowsFailToStart() {
		this.runner.withPropertyValues(S3ServiceProperties.of(S3Proxy.shared(), "small-parts"))
			.withPropertyValues("demo.storage.s3.part-size=1MB")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("part-size"));
	}

}
