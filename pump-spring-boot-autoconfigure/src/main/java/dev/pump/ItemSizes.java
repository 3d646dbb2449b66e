package dev.pump;

import java.nio.ByteBuffer;
import java.util.ServiceLoader;

/**
 * The size of an item in bytes: {@code byte[]}, {@link ByteBuffer}, whatever the
 * {@link ItemSizer}s on the class path know, and one for anything else.
 */
final class ItemSizes {

	private static final ItemSizer[] SIZERS = ServiceLoader.load(ItemSizer.class, ItemSizer.class.getClassLoader())
		.stream()
		.map(ServiceLoader.Provider::get)
		.toArray(ItemSizer[]::new);

	private ItemSizes() {
	}

	static long of(Object item) {
		for (ItemSizer sizer : SIZERS) {
			long size = sizer.sizeOf(item);
			if (size >= 0) {
				return size;
			}
		}
		if (item instanceof byte[] bytes) {
			return bytes.length;
		}
		if (item instanceof ByteBuffer buffer) {
			return buffer.remaining();
		}
		return 1;
	}

}
