/**
 * JMH benchmarks of the cost of moving one buffer between in-memory streams.
 */
@NullMarked
package dev.pump.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
