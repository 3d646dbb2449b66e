package dev.pump.demo.dashboard;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric and label names a PromQL query refers to: enough of PromQL for the queries
 * of a dashboard, not a parser. Functions, aggregations, keywords, numbers, durations and
 * Grafana variables are not names of metrics.
 */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");

	private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)\\}");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	private PromQl() {
	}

	/**
	 * Return the names of the metrics a query selects.
	 * @param query the query
	 * @return the metric names
	 */
	static Set<String> metricNames(String query) {
		String bare = GROUPING.matcher(withoutMatchers(query)).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(bare);
		while (matcher.find()) {
			String name = matcher.group();
			if (!KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) && !isCall(bare, matcher.end())) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Return the label names a query matches on or groups by.
	 * @param query the query
	 * @return the label names
	 */
	static Set<String> labelNames(String query) {
		String unquoted = STRING.matcher(query).replaceAll("\"\"");
		Set<String> labels = new LinkedHashSet<>();
		Matcher matchers = MATCHERS.matcher(unquoted);
		while (matchers.find()) {
			Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
			while (label.find()) {
				labels.add(label.group(1));
			}
		}
		Matcher grouping = GROUPING.matcher(unquoted);
		while (grouping.find()) {
			for (String label : grouping.group(2).split(",")) {
				if (!label.isBlank()) {
					labels.add(label.strip());
				}
			}
		}
		return labels;
	}

	private static String withoutMatchers(String query) {
		String unquoted = STRING.matcher(query).replaceAll(" ");
		return MATCHERS.matcher(RANGE.matcher(unquoted).replaceAll(" ")).replaceAll(" ");
	}

	private static boolean isCall(String text, int end) {
		int next = end;
		while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
			next++;
		}
		return next < text.length() && text.charAt(next) == '(';
	}

}
