package dev.pump;

/**
 * An item that claims to hold many bytes, to count past {@code Integer.MAX_VALUE} without
 * allocating them. Sized by {@link HugeItemSizer}, found by the core through
 * {@code META-INF/services/dev.pump.ItemSizer} of the test class path.
 */
record HugeItem(long size) {

}
