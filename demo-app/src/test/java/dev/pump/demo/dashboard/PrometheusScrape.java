package dev.pump.demo.dashboard;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /actuator/prometheus} in the text format: the metric names of its
 * samples with the label names each carries, and the help text of each family.
 */
final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

	private static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$");

	private final Map<String, Set<String>> labels = new LinkedHashMap<>();

	private final Map<String, String> help = new LinkedHashMap<>();

	PrometheusScrape(String text) {
		for (String line : text.split("\n")) {
			Matcher helpLine = HELP.matcher(line);
			if (helpLine.matches()) {
				this.help.put(helpLine.group(1), helpLine.group(2));
			}
			Matcher sample = SAMPLE.matcher(line);
			if (!line.startsWith("#") && sample.find()) {
				Set<String> names = this.labels.computeIfAbsent(sample.group(1), (name) -> new LinkedHashSet<>());
				Matcher label = LABEL.matcher((sample.group(3) != null) ? sample.group(3) : "");
				while (label.find()) {
					names.add(label.group(1));
				}
			}
		}
	}

	/**
	 * Return the metric names of the samples.
	 * @return the names
	 */
	Set<String> metricNames() {
		return this.labels.keySet();
	}

	/**
	 * Return the label names samples of a metric carry.
	 * @param metric the metric name
	 * @return the label names, empty if the metric is not scraped
	 */
	Set<String> labelNames(String metric) {
		return this.labels.getOrDefault(metric, Set.of());
	}

	/**
	 * Return the names of the families whose help text is the given description.
	 * @param description the description of a meter
	 * @return the family names
	 */
	Set<String> familiesDescribedAs(String description) {
		Set<String> families = new LinkedHashSet<>();
		this.help.forEach((family, text) -> {
			if (text.equals(description)) {
				families.add(family);
			}
		});
		return families;
	}

}
