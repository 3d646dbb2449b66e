package dev.pump.s3;

import java.net.URI;
import java.time.Duration;

import dev.pump.Pump;
import dev.pump.buffer.DataBufferReadStream;
import dev.pump.test.S3Proxy;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * Uploads generated content to S3 with {@link S3Streams#upload}, in a JVM of its own that
 * {@link S3LargeUploadTests} starts with a small heap. Arguments: endpoint, bucket, key,
 * seed, size in bytes. Exits with 0 once the object is visible.
 */
public final class S3UploadMain {

	private S3UploadMain() {
	}

	/**
	 * Run the upload.
	 * @param args endpoint, bucket, key, seed, size
	 */
	public static void main(String[] args) {
		GeneratedContent content = new GeneratedContent(Long.parseLong(args[3]), Long.parseLong(args[4]),
				S3LargeUploadTests.CHUNK);
		try (S3AsyncClient client = S3Proxy.client(URI.create(args[0]))) {
			S3WriteStream upload = S3Streams.upload(client, args[1], args[2], S3LargeUploadTests.OPTIONS);
			Pump pump = Pump.pump(DataBufferReadStream.of(content.buffers(DefaultDataBufferFactory.sharedInstance)),
					upload);
			long bytes = pump.start().completion().block(Duration.ofMinutes(5));
			System.out.println("uploaded " + bytes + " bytes, max heap " + Runtime.getRuntime().maxMemory());
		}
		System.exit(0);
	}

}
