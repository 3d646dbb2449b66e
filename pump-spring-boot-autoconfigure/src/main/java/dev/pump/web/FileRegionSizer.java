package dev.pump.web;

import dev.pump.ItemSizer;
import io.netty.channel.FileRegion;

/**
 * Measures Netty {@link FileRegion}s by their byte count, so that
 * {@code Pump.bytesPumped()} of a zero-copy transfer counts bytes. Registered as a
 * {@link java.util.ServiceLoader} provider in
 * {@code META-INF/services/dev.pump.ItemSizer}.
 */
public final class FileRegionSizer implements ItemSizer {

	@Override
	public long sizeOf(Object item) {
		return (item instanceof FileRegion region) ? region.count() : -1;
	}

}
