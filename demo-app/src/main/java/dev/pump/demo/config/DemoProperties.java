package dev.pump.demo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the upload-to-storage service.
 */
@ConfigurationProperties("demo")
public class DemoProperties {

	/**
	 * Maximum size of one upload (of all the files of a multipart upload). Larger uploads
	 * are refused with 413, at once when the Content-Length says so, else as soon as the
	 * body goes over.
	 */
	private DataSize maxUploadSize = DataSize.ofGigabytes(10);

	/**
	 * Maximum number of uploads in progress at once. More are refused with 503 before
	 * their body is read.
	 */
	private int maxConcurrentUploads = 64;

	/**
	 * How long a client refused for too many uploads should wait before it tries again,
	 * sent as Retry-After.
	 */
	private Duration uploadRetryAfter = Duration.ofSeconds(1);

	/**
	 * Longest wait for the next piece of a request body. A client that stalls longer is
	 * disconnected and its upload fails, which frees its upload slot. Keep it well above
	 * the pauses of a throttled storage.
	 */
	private Duration readTimeout = Duration.ofSeconds(60);

	private final Storage storage = new Storage();

	private final Uploads uploads = new Uploads();

	private final Cors cors = new Cors();

	public DataSize getMaxUploadSize() {
		return this.maxUploadSize;
	}

	public void setMaxUploadSize(DataSize maxUploadSize) {
		this.maxUploadSize = maxUploadSize;
	}

	public int getMaxConcurrentUploads() {
		return this.maxConcurrentUploads;
	}

	public void setMaxConcurrentUploads(int maxConcurrentUploads) {
		this.maxConcurrentUploads = maxConcurrentUploads;
	}

	public Duration getUploadRetryAfter() {
		return this.uploadRetryAfter;
	}

	public void setUploadRetryAfter(Duration uploadRetryAfter) {
		this.uploadRetryAfter = uploadRetryAfter;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Storage getStorage() {
		return this.storage;
	}

	public Uploads getUploads() {
		return this.uploads;
	}

	/**
	 * Resumable (tus) uploads at /uploads/.
	 */
	public static class Uploads {

		/**
		 * How long an unfinished resumable upload is kept after its creation or its last
		 * PATCH. Expired uploads answer 410 and are deleted by a periodic clean-up.
		 */
		private Duration expireAfter = Duration.ofHours(24);

		/**
		 * How often expired resumable uploads are looked for and deleted.
		 */
		private Duration cleanupInterval = Duration.ofMinutes(10);

		public Duration getExpireAfter() {
			return this.expireAfter;
		}

		public void setExpireAfter(Duration expireAfter) {
			this.expireAfter = expireAfter;
		}

		public Duration getCleanupInterval() {
			return this.cleanupInterval;
		}

		public void setCleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = cleanupInterval;
		}

	}

	public Cors getCors() {
		return this.cors;
	}

	/**
	 * Cross-origin requests from browsers, to the files API and presigned URLs.
	 */
	public static class Cors {

		/**
		 * Origins of the web pages allowed to call the API, such as
		 * https://app.example.com (with security on, include the dashboard's origin, on
		 * the management port, for its uploads). None when empty: browsers then refuse
		 * cross-origin calls.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * How long browsers may cache the answer to a preflight request.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Storage of the objects.
	 */
	public static class Storage {

		/**
		 * Kind of storage: the filesystem of this instance, or an S3-compatible object
		 * store shared by several instances (see demo.storage.s3.*).
		 */
		private Type type = Type.FILESYSTEM;

		/**
		 * Directory of the filesystem storage. Created if needed; one service instance
		 * per directory.
		 */
		private Path directory = Path.of("data");

		/**
		 * Bytes per second each upload may write to the storage, to watch backpressure
		 * pause and resume pumps. Unlimited when not set.
		 */
		private @Nullable DataSize throttle;

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public @Nullable DataSize getThrottle() {
			return this.throttle;
		}

		public void setThrottle(@Nullable DataSize throttle) {
			this.throttle = throttle;
		}

	}

	/**
	 * Kinds of storage.
	 */
	public enum Type {

		/**
		 * Files under {@code demo.storage.directory}, for one instance.
		 */
		FILESYSTEM,

		/**
		 * An S3-compatible object store, for any number of instances.
		 */
		S3

	}

}
