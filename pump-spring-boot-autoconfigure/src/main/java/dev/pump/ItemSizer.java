package dev.pump;

/**
 * Tells how many bytes an item holds, for {@link Pump#bytesPumped()}. The core knows
 * {@code byte[]} and {@link java.nio.ByteBuffer}; other byte containers (Spring's
 * {@code DataBuffer}) plug in through {@link java.util.ServiceLoader} as
 * {@code META-INF/services/dev.pump.ItemSizer}.
 *
 * <p>
 * Whether a sizer knows an item depends on the item's class only: a pump asks which sizer
 * knows the class of its first item once, then that sizer alone.
 */
public interface ItemSizer {

	/**
	 * Return the bytes of an item.
	 * @param item the item, before it is written
	 * @return the number of bytes, or a negative number if this sizer does not know the
	 * item's type
	 */
	long sizeOf(Object item);

}
