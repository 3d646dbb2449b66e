package dev.pump.demo.storage.s3;

import dev.pump.test.S3Proxy;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The properties that point the service at a bucket of the tests' S3 API server.
 */
public final class S3ServiceProperties {

	private S3ServiceProperties() {
	}

	/**
	 * Return the properties of a bucket.
	 * @param server the server
	 * @param bucket the bucket
	 * @return {@code name=value} pairs
	 */
	public static String[] of(S3Proxy server, String bucket) {
		return new String[] { "demo.storage.type=s3", "demo.storage.s3.endpoint=" + server.endpoint(),
				"demo.storage.s3.bucket=" + bucket, "demo.storage.s3.path-style=true",
				"demo.storage.s3.access-key=" + S3Proxy.ACCESS_KEY,
				"demo.storage.s3.secret-key=" + S3Proxy.SECRET_KEY };
	}

	/**
	 * Register the properties of a bucket for a {@code @SpringBootTest}.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param server the server
	 * @param bucket the bucket
	 */
	public static void register(DynamicPropertyRegistry registry, S3Proxy server, String bucket) {
		for (String property : of(server, bucket)) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
	}

}
