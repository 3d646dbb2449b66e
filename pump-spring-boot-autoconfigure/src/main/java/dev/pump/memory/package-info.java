/**
 * In-memory streams: a {@link dev.pump.ReadStream} to push items into and a
 * {@link dev.pump.WriteStream} that collects them, for tests and for applications that
 * produce or consume items themselves.
 */
@NullMarked
package dev.pump.memory;

import org.jspecify.annotations.NullMarked;
