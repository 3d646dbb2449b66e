/**
 * Streams for what Spring WebFlux and Reactor Netty move: request and response bodies,
 * {@code WebClient} bodies, WebSocket sessions and TCP connections.
 */
@NullMarked
package dev.pump.web;

import org.jspecify.annotations.NullMarked;
