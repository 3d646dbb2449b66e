/**
 * Spring {@link org.springframework.core.io.buffer.DataBuffer} streams: any
 * {@code Publisher<DataBuffer>} as a {@link dev.pump.ReadStream}, and a
 * {@link dev.pump.WriteStream} that is a {@code Publisher<DataBuffer>}.
 */
@NullMarked
package dev.pump.buffer;

import org.jspecify.annotations.NullMarked;
