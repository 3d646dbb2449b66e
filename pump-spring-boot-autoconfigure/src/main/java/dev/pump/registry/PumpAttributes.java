package dev.pump.registry;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The {@link PumpAttribute}s that listeners keep on one pump. Copied on write, as key,
 * value, key, value... in one array: a listener sets an attribute once per pump and reads
 * it at each event, so reads take no lock and allocate nothing.
 */
final class PumpAttributes {

	private static final @Nullable Object[] NONE = {};

	private volatile @Nullable Object[] entries = NONE;

	@SuppressWarnings("unchecked")
	<T> @Nullable T get(PumpAttribute<T> key) {
		@Nullable Object[] current = this.entries;
		int index = indexOf(current, key);
		return (index >= 0) ? (T) current[index + 1] : null;
	}

	@SuppressWarnings("unchecked")
	synchronized <T> @Nullable T set(PumpAttribute<T> key, @Nullable T value) {
		Objects.requireNonNull(key, "key");
		@Nullable Object[] current = this.entries;
		int index = indexOf(current, key);
		if (index < 0) {
			if (value != null) {
				@Nullable Object[] next = Arrays.copyOf(current, current.length + 2);
				next[current.length] = key;
				next[current.length + 1] = value;
				this.entries = next;
			}
			return null;
		}
		T previous = (T) current[index + 1];
		if (value != null) {
			@Nullable Object[] next = current.clone();
			next[index + 1] = value;
			this.entries = next;
		}
		else {
			@Nullable Object[] next = new Object[current.length - 2];
			System.arraycopy(current, 0, next, 0, index);
			System.arraycopy(current, index + 2, next, index, current.length - index - 2);
			this.entries = next;
		}
		return previous;
	}

	private static int indexOf(@Nullable Object[] entries, PumpAttribute<?> key) {
		for (int i = 0; i < entries.length; i += 2) {
			if (entries[i] == key) {
				return i;
			}
		}
		return -1;
	}

}
