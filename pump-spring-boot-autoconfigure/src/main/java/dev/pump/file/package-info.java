/**
 * Asynchronous file streams of {@link org.springframework.core.io.buffer.DataBuffer}s.
 */
@NullMarked
package dev.pump.file;

import org.jspecify.annotations.NullMarked;
