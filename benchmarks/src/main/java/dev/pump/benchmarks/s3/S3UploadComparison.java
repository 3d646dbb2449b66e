package dev.pump.benchmarks.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Streams the same generated body of unknown length into s3proxy on loopback, one way
 * after the other, each in a fresh JVM ({@link S3UploadRun}): the library's
 * {@code S3Streams.upload} (8 MiB parts, 2 and 4 in flight) against the SDK's multipart
 * {@code S3AsyncClient} with {@code AsyncRequestBody.fromPublisher} and
 * {@code S3TransferManager} over it. s3proxy keeps its blobs in {@code /dev/shm} so that
 * the disk is not what is measured.
 *
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.pump.benchmarks.s3.S3UploadComparison [sizeMiB] [rounds] [ways]} (1024 MiB, 1
 * round, every way by default: {@value #VARIANTS}); prints a Markdown table of every run,
 * then one of the median throughput of each way against the best SDK way's and its
 * highest live heap plus direct memory above the baseline's. The {@code baseline} way
 * puts one byte with the same client: the heap that every way holds anyway. Each way runs
 * twice: once for throughput, once with a full collection forced every 200 ms to measure
 * its live heap.
 */
public final class S3UploadComparison {

	private static final String VARIANTS = "baseline,pump-2,pump-4,sdk-multipart,transfer-manager";

	private S3UploadComparison() {
	}

	/**
	 * Run the comparison.
	 * @param args size in MiB, rounds
	 * @throws Exception if a run fails
	 */
	public static void main(String[] args) throws Exception {
		String sizeMib = (args.length > 0) ? args[0] : "1024";
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 1;
		List<String> variants = List.of(((args.length > 2) ? args[2] : VARIANTS).split(","));
		Path directory = Files.createTempDirectory(Path.of("/dev/shm"), "pump-s3bench");
		URI endpoint = URI.create("http://127.0.0.1:" + freePort());
		Process s3proxy = startS3Proxy(directory, endpoint);
		try {
			awaitReady(endpoint, s3proxy);
			Files.createDirectories(directory.resolve("blobs/bench"));
			List<String> lines = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				for (String variant : variants) {
					for (String mode : List.of("throughput", "live")) {
						lines.add(mode + "\t" + run(variant, endpoint, sizeMib, mode));
						deleteRecursively(directory.resolve("blobs/bench"), false);
					}
				}
			}
			System.out.println("| way | run | seconds | MB/s | peak live heap (MiB) | peak heap after GC (MiB) "
					+ "| peak heap used (MiB) | peak direct (MiB) |");
			System.out.println("|---|---|---|---|---|---|---|---|");
			for (String line : lines) {
				String[] f = line.split("\t");
				System.out.printf("| %s | %s | %s | %s | %s | %d | %d | %d |%n", f[1], f[0], f[2], f[3],
						f[0].equals("live") ? Long.toString(mib(f[4])) : "-", mib(f[5]), mib(f[6]), mib(f[7]));
			}
			System.out.println();
			printSummary(variants, lines);
		}
		finally {
			s3proxy.destroy();
			s3proxy.waitFor(10, TimeUnit.SECONDS);
			deleteRecursively(directory, true);
		}
	}

	/**
	 * Print, per way, the median throughput of its throughput runs against the best SDK
	 * way's, and its highest live heap and direct memory above the baseline's.
	 */
	private static void printSummary(List<String> variants, List<String> lines) {
		Map<String, List<Double>> throughput = new LinkedHashMap<>();
		Map<String, Long> memory = new LinkedHashMap<>();
		for (String line : lines) {
			String[] f = line.split("\t");
			if (f[0].equals("throughput")) {
				throughput.computeIfAbsent(f[1], (way) -> new ArrayList<>()).add(Double.parseDouble(f[3]));
			}
			else {
				memory.merge(f[1], Long.parseLong(f[4]) + Long.parseLong(f[7]), Math::max);
			}
		}
		double bestSdk = variants.stream()
			.filter((way) -> way.startsWith("sdk") || way.startsWith("transfer"))
			.mapToDouble((way) -> median(throughput.get(way)))
			.max()
			.orElse(Double.NaN);
		long baseline = memory.getOrDefault("baseline", 0L);
		System.out.println("| way | median MB/s | vs best SDK way | live heap + direct above baseline (MiB) |");
		System.out.println("|---|---|---|---|");
		for (String way : variants) {
			if (way.equals("baseline")) {
				continue;
			}
			double median = median(throughput.get(way));
			System.out.printf("| %s | %.0f | %.2fx | %d |%n", way, median, median / bestSdk,
					(memory.get(way) - baseline) / (1024 * 1024));
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static long mib(String bytes) {
		return Long.parseLong(bytes) / (1024 * 1024);
	}

	private static String run(String variant, URI endpoint, String sizeMib, String mode) throws Exception {
		Process child = new ProcessBuilder(java(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
				S3UploadRun.class.getName(), variant, endpoint.toString(), "bench", sizeMib, mode)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		if (!child.waitFor(10, TimeUnit.MINUTES) || child.exitValue() != 0) {
			throw new IllegalStateException(variant + " failed: " + output);
		}
		String[] lines = output.split("\n");
		System.err.println(lines[lines.length - 1]);
		return lines[lines.length - 1];
	}

	private static Process startS3Proxy(Path directory, URI endpoint) throws IOException {
		Path blobs = Files.createDirectories(directory.resolve("blobs"));
		Path properties = Files.write(directory.resolve("s3proxy.properties"),
				List.of("s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4",
						"s3proxy.identity=" + S3UploadRun.ACCESS_KEY, "s3proxy.credential=" + S3UploadRun.SECRET_KEY,
						"s3proxy.ignore-unknown-headers=true", "jclouds.provider=filesystem-nio2",
						"jclouds.filesystem.basedir=" + blobs),
				StandardCharsets.UTF_8);
		Path jar = Path.of(System.getProperty("s3proxy.jar", "benchmarks/target/s3proxy/s3proxy.jar"));
		return new ProcessBuilder(java(), "-Xmx1g", "-jar", jar.toString(), "--properties", properties.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("s3proxy.log").toFile())
			.start();
	}

	private static void awaitReady(URI endpoint, Process s3proxy) throws Exception {
		for (int attempt = 0; attempt < 600; attempt++) {
			if (!s3proxy.isAlive()) {
				throw new IllegalStateException("s3proxy exited");
			}
			try {
				HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
				connection.getResponseCode();
				connection.disconnect();
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("s3proxy did not start");
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path directory, boolean self) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				if (self || !file.equals(directory)) {
					Files.delete(file);
				}
			}
		}
	}

}
