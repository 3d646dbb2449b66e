/**
 * Medians, ratios and the chart of the end-to-end benchmark.
 */
@NullMarked
package dev.pump.benchmarks.report;

import org.jspecify.annotations.NullMarked;
