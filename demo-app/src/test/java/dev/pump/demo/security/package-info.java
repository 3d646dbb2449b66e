/**
 * Tests of the service with {@code demo.security.enabled=true}: real RS256 tokens signed
 * by a key made in the test, against the running service over real HTTP.
 */
@NullMarked
package dev.pump.demo.security;

import org.jspecify.annotations.NullMarked;
