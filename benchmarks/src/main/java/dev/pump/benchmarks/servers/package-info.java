/**
 * Minimal baseline servers (plain WebFlux, Vert.x 5) for the end-to-end benchmark.
 */
@NullMarked
package dev.pump.benchmarks.servers;

import org.jspecify.annotations.NullMarked;
