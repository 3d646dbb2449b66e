/**
 * Micrometer meters of pumps, per live pump and per name:
 * {@link dev.pump.metrics.PumpMeters} documents them,
 * {@link dev.pump.metrics.PumpMetricsBinder} binds them to a registry.
 */
@NullMarked
package dev.pump.metrics;

import org.jspecify.annotations.NullMarked;
