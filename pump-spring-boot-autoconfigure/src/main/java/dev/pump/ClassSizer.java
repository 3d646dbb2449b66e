package dev.pump;

import org.jspecify.annotations.Nullable;

/**
 * Measures the items of one pump: the {@link ItemSizer} of an item's class is looked up
 * once, and again only when the class changes. A pump carries one kind of item, so this
 * spares each item the walk through every sizer on the class path (and their type checks,
 * which cost more than the measuring). Not thread-safe: used by the one thread that
 * delivers items at a time.
 */
final class ClassSizer {

	private @Nullable Class<?> sizedClass;

	private ItemSizer sizer = ItemSizes::of;

	long sizeOf(Object item) {
		Class<?> type = item.getClass();
		if (type != this.sizedClass) {
			this.sizer = ItemSizes.sizerFor(item);
			this.sizedClass = type;
		}
		return this.sizer.sizeOf(item);
	}

}
