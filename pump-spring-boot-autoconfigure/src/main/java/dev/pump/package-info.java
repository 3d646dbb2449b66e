/**
 * Flow-controlled pumps from a {@link dev.pump.ReadStream} to a
 * {@link dev.pump.WriteStream}.
 */
@NullMarked
package dev.pump;

import org.jspecify.annotations.NullMarked;
