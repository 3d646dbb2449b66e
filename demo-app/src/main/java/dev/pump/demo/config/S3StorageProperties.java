package dev.pump.demo.config;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the S3-compatible object storage, used when
 * {@code demo.storage.type=s3}.
 */
@ConfigurationProperties("demo.storage.s3")
public class S3StorageProperties {

	/**
	 * Endpoint of the S3 API, for MinIO, Ceph or any S3-compatible store. The AWS
	 * endpoint of the region when not set.
	 */
	private @Nullable URI endpoint;

	/**
	 * Region of the bucket.
	 */
	private String region = "us-east-1";

	/**
	 * Bucket that holds the objects, created at start if missing. Every instance of the
	 * service that should see the same objects uses the same bucket.
	 */
	private @Nullable String bucket;

	/**
	 * Whether to address the bucket in the path (http://host/bucket/key) instead of the
	 * host name (http://bucket.host/key), as most self-hosted stores need.
	 */
	private boolean pathStyle;

	/**
	 * Access key id. The AWS default credentials chain (environment, profile, instance
	 * role) is used when the access key or the secret key is not set.
	 */
	private @Nullable String accessKey;

	/**
	 * Secret access key.
	 */
	private @Nullable String secretKey;

	/**
	 * Size of the parts of multipart uploads (at least 5MB on AWS S3). Smaller objects
	 * are stored with a single PUT. One upload holds at most part-size times
	 * parts-in-flight in memory.
	 */
	private DataSize partSize = DataSize.ofMegabytes(8);

	/**
	 * Maximum number of parts that one upload sends at once.
	 */
	private int partsInFlight = 2;

	/**
	 * Maximum number of connections to the S3 API, shared by all uploads and downloads.
	 */
	private int maxConnections = 128;

	/**
	 * How long a request may wait for a free connection.
	 */
	private Duration connectionAcquisitionTimeout = Duration.ofSeconds(60);

	public @Nullable URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable URI endpoint) {
		this.endpoint = endpoint;
	}

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public @Nullable String getBucket() {
		return this.bucket;
	}

	public void setBucket(@Nullable String bucket) {
		this.bucket = bucket;
	}

	public boolean isPathStyle() {
		return this.pathStyle;
	}

	public void setPathStyle(boolean pathStyle) {
		this.pathStyle = pathStyle;
	}

	public @Nullable String getAccessKey() {
		return this.accessKey;
	}

	public void setAccessKey(@Nullable String accessKey) {
		this.accessKey = accessKey;
	}

	public @Nullable String getSecretKey() {
		return this.secretKey;
	}

	public void setSecretKey(@Nullable String secretKey) {
		this.secretKey = secretKey;
	}

	public DataSize getPartSize() {
		return this.partSize;
	}

	public void setPartSize(DataSize partSize) {
		this.partSize = partSize;
	}

	public int getPartsInFlight() {
		return this.partsInFlight;
	}

	public void setPartsInFlight(int partsInFlight) {
		this.partsInFlight = partsInFlight;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getConnectionAcquisitionTimeout() {
		return this.connectionAcquisitionTimeout;
	}

	public void setConnectionAcquisitionTimeout(Duration connectionAcquisitionTimeout) {
		this.connectionAcquisitionTimeout = connectionAcquisitionTimeout;
	}

}
