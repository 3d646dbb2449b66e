/**
 * Micrometer meters of pumps: per live pump and per name.
 */
@NullMarked
package dev.pump.metrics;

import org.jspecify.annotations.NullMarked;
