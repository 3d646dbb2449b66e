package dev.pump.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.pump.test.S3Proxy;
import dev.pump.test.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 200 MiB upload through a JVM whose heap is 96 MiB: the memory of an upload is bounded
 * by its parts, not by the object. The upload runs in a child JVM ({@link S3UploadMain});
 * this test then downloads the object and compares its digest.
 */
@ExtendWith(S3ProxyExtension.class)
class S3LargeUploadTests {

	static final int CHUNK = 64 * 1024;

	static final S3UploadOptions OPTIONS = S3UploadOptions.defaults().partSize(8 * 1024 * 1024).partsInFlight(2);

	private static final long SIZE = 200L * 1024 * 1024;

	@Test
	void twoHundredMebibytesGoThroughAHeapOf96Mebibytes(@TempDir Path directory) throws Exception {
		try (S3AsyncClient client = S3Proxy.shared().client()) {
			String bucket = S3Proxy.createBucket(client, "large");
			Path log = directory.resolve("child.log");
			Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx96m", "-XX:MaxDirectMemorySize=64m", "-cp", System.getProperty("java.class.path"),
					S3UploadMain.class.getName(), S3Proxy.shared().endpoint().toString(), bucket, "large", "42",
					Long.toString(SIZE))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			boolean exited = child.waitFor(5, TimeUnit.MINUTES);
			if (!exited) {
				child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			assertThat(exited).as("child exited").isTrue();
			assertThat(child.exitValue()).as(Files.readString(log)).isZero();
			assertThat(Files.readString(log)).contains("uploaded " + SIZE + " bytes");
			assertThat(S3Objects.sha256(S3Streams.download(client, bucket, "large")))
				.isEqualTo(new GeneratedContent(42, SIZE, CHUNK).sha256());
			assertThat(new S3Objects(client, bucket).multipartUploads()).isZero();
		}
	}

}
