package dev.pump.demo.tus;

import java.util.UUID;

import dev.pump.demo.storage.s3.S3ServiceProperties;
import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The interoperability tests of {@link TusJavaClientTests}, over the S3 storage
 * (s3proxy): the partial uploads live in the bucket.
 */
@ExtendWith(S3ProxyExtension.class)
class S3TusJavaClientTests extends TusJavaClientTests {

	private static final String BUCKET = "tus-javaclient-" + UUID.randomUUID();

	@DynamicPropertySource
	static void s3(DynamicPropertyRegistry registry) {
		S3ServiceProperties.register(registry, S3Proxy.shared(), BUCKET);
	}

}
