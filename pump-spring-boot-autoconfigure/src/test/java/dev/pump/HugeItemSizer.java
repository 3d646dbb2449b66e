package dev.pump;

/**
 * Sizes {@link HugeItem}s, proving the {@link ItemSizer} service loading.
 */
public class HugeItemSizer implements ItemSizer {

	@Override
	public long sizeOf(Object item) {
		return (item instanceof HugeItem huge) ? huge.size() : -1;
	}

}
