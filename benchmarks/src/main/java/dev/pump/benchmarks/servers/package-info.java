/**
 * Minimal servers of the end-to-end benchmark: the baselines (plain WebFlux, Vert.x 5)
 * and the pump library alone, doing the same work.
 */
@NullMarked
package dev.pump.benchmarks.servers;

import org.jspecify.annotations.NullMarked;
