package dev.pump.demo.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PromQl} reads from the kinds of queries the Grafana dashboard uses.
 */
class PromQlTests {

	@Test
	void metricNamesLeaveOutFunctionsAggregationsAndRanges() {
		assertThat(PromQl.metricNames(
				"sum by (pump_name) (rate(pump_bytes_pumped_bytes_total{instance=~\"$instance\"}[$__rate_interval]))"))
			.containsExactly("pump_bytes_pumped_bytes_total");
	}

	@Test
	void metricNamesOfBinaryOperationsAreAllFound() {
		assertThat(PromQl.metricNames("sum(rate(a_sum[5m])) / sum(rate(a_count[5m])) > 0.5 and on (x) b"))
			.containsExactly("a_sum", "a_count", "b");
	}

	@Test
	void metricNamesIgnoreNumbersAndStrings() {
		assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(t_bucket{o!=\"x y\"}[1m]))) * 1e3"))
			.containsExactly("t_bucket");
	}

	@Test
	void labelNamesComeFromMatchersAndGrouping() {
		assertThat(PromQl.labelNames(
				"sum by (le, pump_name) (rate(t_bucket{outcome=\"success\", pump_name=~\"a,b\"}[1m])) without (x)"))
			.containsExactlyInAnyOrder("outcome", "pump_name", "le", "x");
	}

}
