package dev.pump.demo.config;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.ThrottledStorage;
import dev.pump.demo.storage.s3.S3Storage;

/**
 * The S3 storage of the service, when {@code demo.storage.type=s3}: an asynchronous S3
 * client over Netty and the bucket under {@code demo.storage.s3.*}, created at start if
 * missing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demo.storage.type", havingValue = "s3")
@EnableConfigurationProperties({ DemoProperties.class, S3StorageProperties.class })
public class S3StorageConfiguration {

	private static final Duration BUCKET_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Smallest part S3 accepts (but for the last one of an upload).
	 */
	private static final DataSize MINIMUM_PART_SIZE = DataSize.ofMegabytes(5);

	@Bean(destroyMethod = "close")
	S3AsyncClient s3Client(S3StorageProperties properties) {
		S3AsyncClientBuilder builder = S3AsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.maxConcurrency(properties.getMaxConnections())
				.connectionAcquisitionTimeout(properties.getConnectionAcquisitionTimeout()))
			.region(Region.of(properties.getRegion()))
			.forcePathStyle(properties.isPathStyle())
			// Checksums only where S3 requires them: S3-compatible stores differ in
			// their support of the newer trailing checksums.
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		if (properties.getEndpoint() != null) {
			builder.endpointOverride(properties.getEndpoint());
		}
		String accessKey = properties.getAccessKey();
		String secretKey = properties.getSecretKey();
		if (StringUtils.hasText(accessKey) && StringUtils.hasText(secretKey)) {
			builder.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
		}
		return builder.build();
	}

	@Bean
	Storage s3Storage(S3AsyncClient client, S3StorageProperties properties, DemoProperties demo) {
		String bucket = properties.getBucket();
		if (!StringUtils.hasText(bucket)) {
			throw new IllegalStateException("demo.storage.s3.bucket must be set when demo.storage.type=s3");
		}
		DataSize partSize = properties.getPartSize();
		if (partSize.compareTo(MINIMUM_PART_SIZE) < 0 || partSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalStateException("demo.storage.s3.part-size must be between 5MB and 2GB: " + partSize);
		}
		if (properties.getPartsInFlight() < 1) {
			throw new IllegalStateException("demo.storage.s3.parts-in-flight must be at least 1");
		}
		S3Storage storage = new S3Storage(client, bucket, (int) partSize.toBytes(), properties.getPartsInFlight());
		storage.createBucketIfMissing().block(BUCKET_TIMEOUT);
		DataSize throttle = demo.getStorage().getThrottle();
		return (throttle != null) ? new ThrottledStorage(storage, throttle) : storage;
	}

}
