package dev.pump.buffer;

import dev.pump.ItemSizer;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Measures Spring {@link DataBuffer}s by their readable bytes, so that
 * {@code Pump.bytesPumped()} counts bytes. Registered as a
 * {@link java.util.ServiceLoader} provider in
 * {@code META-INF/services/dev.pump.ItemSizer}.
 */
public final class DataBufferSizer implements ItemSizer {

	@Override
	public long sizeOf(Object item) {
		return DataBuffers.readableBytes(item);
	}

}
