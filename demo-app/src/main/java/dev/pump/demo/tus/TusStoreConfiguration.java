package dev.pump.demo.tus;

import java.io.IOException;
import java.util.Objects;

import dev.pump.PumpFactory;
import dev.pump.demo.config.DemoProperties;
import dev.pump.demo.config.S3StorageProperties;
import dev.pump.demo.storage.Storage;
import dev.pump.file.FileThreads;
import dev.pump.s3.S3UploadOptions;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store of partial uploads that fits {@code demo.storage.type}: files in
 * {@value #DIRECTORY} under {@code demo.storage.directory}, or objects under
 * {@code ~tus/} in the bucket of the S3 storage.
 */
@Configuration(proxyBeanMethods = false)
class TusStoreConfiguration {

	/**
	 * Subdirectory of {@code demo.storage.directory} that holds the partial files and
	 * their state. {@code ~} is not allowed in keys, so no object can clash with it, and
	 * the storage's listing skips it.
	 */
	static final String DIRECTORY = "~tus";

	/**
	 * Most parts of one S3 multipart upload.
	 */
	private static final int MAX_PARTS = 10_000;

	@Bean
	@ConditionalOnProperty(name = "demo.storage.type", havingValue = "filesystem", matchIfMissing = true)
	TusUploadStore fileTusUploadStore(Storage storage, PumpFactory pumps, DemoProperties properties,
			ObjectProvider<FileThreads> fileThreads) throws IOException {
		return new FileTusUploadStore(properties.getStorage().getDirectory().resolve(DIRECTORY),
				properties.getUploads().getExpireAfter(), new TusPublisher(storage, pumps),
				fileThreads.getIfAvailable(FileThreads::shared));
	}

	@Bean
	@ConditionalOnProperty(name = "demo.storage.type", havingValue = "s3")
	TusUploadStore s3TusUploadStore(S3AsyncClient client, S3StorageProperties s3, DemoProperties properties) {
		return new S3TusUploadStore(client, Objects.requireNonNull(s3.getBucket()),
				partSize(properties.getMaxUploadSize().toBytes()), properties.getUploads().getExpireAfter());
	}

	/**
	 * Return the size of the parts of resumable uploads on S3: the smallest S3 takes, so
	 * that chunks of 5 MiB (a common client setting) fill parts exactly and leave no
	 * bytes waiting; larger if the largest upload would need more parts than S3 allows.
	 */
	static int partSize(long maxUploadSize) {
		long byPartCount = (maxUploadSize + MAX_PARTS - 1) / MAX_PARTS;
		return (int) Math.min(Integer.MAX_VALUE, Math.max(S3UploadOptions.MIN_PART_SIZE, byPartCount));
	}

}
