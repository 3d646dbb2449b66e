package dev.pump.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/**
 * A real S3 API server for tests, reusable by any test of an S3 stream (and by the stream
 * contract kit): s3proxy with a filesystem blob store in a temporary directory, run as a
 * separate process on a free port of 127.0.0.1. The jar is copied into
 * {@code target/s3proxy} by the build (see the pom); one server is shared by every test
 * of the JVM and destroyed when the tests are over (by {@link S3ProxyExtension}, or at
 * the latest when the JVM exits).
 */
public final class S3Proxy implements AutoCloseable {

	/**
	 * Access key the server accepts.
	 */
	public static final String ACCESS_KEY = "pump-test-access";

	/**
	 * Secret key the server accepts.
	 */
	public static final String SECRET_KEY = "pump-test-secret";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static @Nullable S3Proxy shared;

	private final Process process;

	private final URI endpoint;

	private final Path directory;

	private final Path log;

	private S3Proxy(Process process, URI endpoint, Path directory, Path log) {
		this.process = process;
		this.endpoint = endpoint;
		this.directory = directory;
		this.log = log;
	}

	/**
	 * Return the server shared by the tests of this JVM, starting it on first use.
	 * @return the server
	 */
	public static synchronized S3Proxy shared() {
		if (shared == null) {
			shared = start();
			S3Proxy started = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "s3proxy-stop"));
		}
		return shared;
	}

	private static S3Proxy start() {
		try {
			Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException("No s3proxy jar at " + jar + ": run the tests through Maven");
			}
			Path directory = Files.createTempDirectory("s3proxy");
			Path blobs = Files.createDirectories(directory.resolve("blobs"));
			URI endpoint = URI.create("http://127.0.0.1:" + freePort());
			Path properties = Files.write(directory.resolve("s3proxy.properties"),
					List.of("s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4",
							"s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY,
							"s3proxy.ignore-unknown-headers=true", "jclouds.provider=filesystem-nio2",
							"jclouds.filesystem.basedir=" + blobs),
					StandardCharsets.UTF_8);
			Path log = directory.resolve("s3proxy.log");
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			S3Proxy proxy = new S3Proxy(process, endpoint, directory, log);
			proxy.awaitReady();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady() throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("s3proxy exited: " + Files.readString(this.log));
			}
			if (answers()) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		close();
		throw new IllegalStateException("s3proxy did not answer within " + START_TIMEOUT);
	}

	private boolean answers() {
		try {
			HttpURLConnection connection = (HttpURLConnection) this.endpoint.toURL().openConnection();
			connection.setConnectTimeout(1000);
			connection.setReadTimeout(1000);
			try {
				return connection.getResponseCode() > 0;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Return the endpoint of the S3 API.
	 * @return the endpoint
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Create a client of the server.
	 * @return a new client, to be closed
	 */
	public S3AsyncClient client() {
		return client(this.endpoint);
	}

	/**
	 * Create a client of the server that sends its requests with the given HTTP client,
	 * for a test that holds or inspects them.
	 * @param httpClient the HTTP client, closed with the client
	 * @return a new client, to be closed
	 */
	public S3AsyncClient client(SdkAsyncHttpClient httpClient) {
		return builder(this.endpoint).httpClient(httpClient).build();
	}

	/**
	 * Create a client that reaches the server through another endpoint, such as a proxy
	 * in front of it.
	 * @param endpoint the endpoint
	 * @return a new client, to be closed
	 */
	public static S3AsyncClient client(URI endpoint) {
		return builder(endpoint).httpClientBuilder(NettyNioAsyncHttpClient.builder()).build();
	}

	private static S3AsyncClientBuilder builder(URI endpoint) {
		return S3AsyncClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
	}

	/**
	 * Create a bucket with a fresh name.
	 * @param client a client of the server
	 * @param prefix the start of the name
	 * @return the name
	 */
	public static String createBucket(S3AsyncClient client, String prefix) {
		String bucket = prefix + "-" + UUID.randomUUID();
		client.createBucket((create) -> create.bucket(bucket)).join();
		return bucket;
	}

	/**
	 * Stop the server and delete its files. Idempotent.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		deleteRecursively(this.directory);
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// Best effort: the directory is under the temporary directory anyway.
		}
	}

}
