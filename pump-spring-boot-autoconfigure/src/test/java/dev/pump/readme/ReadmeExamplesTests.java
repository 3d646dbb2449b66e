package dev.pump.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Java examples of the README true: each one is a piece of this module's test
 * code, which compiles against the API and runs in the tests next to it.
 */
class ReadmeExamplesTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path TEST_SOURCES = Path.of("src", "test", "java");

	@Test
	void readmeHasJavaExamples() throws IOException {
		assertThat(javaExamples()).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void everyJavaExampleIsTakenFromTestCode() throws IOException {
		List<List<String>> sources = testSources();
		for (List<String> example : javaExamples()) {
			assertThat(sources.stream().anyMatch((source) -> contains(source, example)))
				.as("README example not found in %s:%n%s", TEST_SOURCES, String.join("\n", example))
				.isTrue();
		}
	}

	private static List<List<String>> javaExamples() throws IOException {
		List<List<String>> examples = new ArrayList<>();
		List<String> current = null;
		for (String line : Files.readAllLines(README)) {
			if (current == null && line.equals("```java")) {
				current = new ArrayList<>();
			}
			else if (current != null && line.equals("```")) {
				examples.add(current);
				current = null;
			}
			else if (current != null && !line.isBlank()) {
				current.add(line.strip());
			}
		}
		return examples;
	}

	private static List<List<String>> testSources() throws IOException {
		try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
			List<List<String>> sources = new ArrayList<>();
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				sources.add(Files.readAllLines(file)
					.stream()
					.filter((line) -> !line.isBlank())
					.map(String::strip)
					.toList());
			}
			return sources;
		}
	}

	// The example's lines appear one after the other in the source; a line "// ...: see
	// the test" in the example stands for lines left out.
	static boolean contains(List<String> source, List<String> example) {
		for (int start = 0; start < source.size(); start++) {
			if (matchesFrom(source, start, example)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matchesFrom(List<String> source, int start, List<String> example) {
		int at = start;
		for (int i = 0; i < example.size(); i++) {
			String line = example.get(i);
			if (line.startsWith("//") && line.endsWith("see the test")) {
				if (i + 1 == example.size()) {
					return true;
				}
				String next = example.get(i + 1);
				while (at < source.size() && !source.get(at).equals(next)) {
					at++;
				}
				continue;
			}
			if (at >= source.size() || !source.get(at).equals(line)) {
				return false;
			}
			at++;
		}
		return true;
	}

}
