package dev.pump.readme;

import dev.pump.test.S3Proxy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application of the README's controllers, with the S3 client of the test server.
 */
@SpringBootApplication
class ReadmeApplication {

	@Bean(destroyMethod = "close")
	S3AsyncClient s3() {
		S3AsyncClient client = S3Proxy.shared().client();
		try {
			client.createBucket((create) -> create.bucket("my-bucket")).join();
		}
		catch (RuntimeException ex) {
			if (!(ex.getCause() instanceof BucketAlreadyOwnedByYouException)) {
				throw ex;
			}
		}
		return client;
	}

}
