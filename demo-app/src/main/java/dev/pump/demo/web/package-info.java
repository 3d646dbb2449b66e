/**
 * The HTTP API of the service: {@code /files}, streaming uploads and downloads through
 * pumps, and RFC 9457 problem details for every error.
 */
@NullMarked
package dev.pump.demo.web;

import org.jspecify.annotations.NullMarked;
