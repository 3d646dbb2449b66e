package dev.pump;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The size of an item in bytes: {@code byte[]}, {@link ByteBuffer}, whatever the
 * {@link ItemSizer}s on the class path know, and one for anything else. What
 * {@link Pump#bytesPumped()} counts; stream implementations use it to count their queues
 * the same way.
 */
public final class ItemSizes {

	private static final ItemSizer[] SIZERS = loadSizers();

	private static final ItemSizer BYTE_ARRAYS = (item) -> (item instanceof byte[] bytes) ? bytes.length : -1;

	private static final ItemSizer BYTE_BUFFERS = (item) -> (item instanceof ByteBuffer buffer) ? buffer.remaining()
			: -1;

	private static final ItemSizer ONE = (item) -> 1;

	private ItemSizes() {
	}

	// A broken provider must not make every pump unusable: skip it and say so.
	private static ItemSizer[] loadSizers() {
		List<ItemSizer> sizers = new ArrayList<>();
		Iterator<ItemSizer> providers = ServiceLoader.load(ItemSizer.class, ItemSizer.class.getClassLoader())
			.iterator();
		while (true) {
			try {
				if (!providers.hasNext()) {
					return sizers.toArray(new ItemSizer[0]);
				}
				sizers.add(providers.next());
			}
			catch (ServiceConfigurationError ex) {
				System.getLogger(ItemSizes.class.getName())
					.log(System.Logger.Level.WARNING, "Ignoring an ItemSizer that cannot be loaded", ex);
			}
		}
	}

	/**
	 * Return the sizer that {@link #of(Object)} uses for items of this item's class.
	 * @param item an item
	 * @return the sizer
	 */
	static ItemSizer sizerFor(Object item) {
		for (ItemSizer sizer : SIZERS) {
			if (sizer.sizeOf(item) >= 0) {
				return sizer;
			}
		}
		if (item instanceof byte[]) {
			return BYTE_ARRAYS;
		}
		return (item instanceof ByteBuffer) ? BYTE_BUFFERS : ONE;
	}

	/**
	 * Return the size of an item.
	 * @param item the item, before it is written
	 * @return its bytes, or {@code 1} for items that are not bytes
	 */
	public static long of(Object item) {
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
