package dev.pump.registry;

import java.util.Objects;

/**
 * A key under which a {@link PumpListener} keeps its own state on each
 * {@link ManagedPump} (see {@link ManagedPump#attribute(PumpAttribute)}), as Netty's
 * {@code AttributeKey} does for channels. A listener that would otherwise keep a map from
 * pumps to its state looks it up on the pump instead: nothing to remove when a pump
 * finishes, and no hashing at every event. Keys are compared by identity: each
 * {@link #named(String) new key} is distinct, whatever its name.
 *
 * @param <T> the type of the values
 */
public final class PumpAttribute<T> {

	private final String name;

	private PumpAttribute(String name) {
		this.name = Objects.requireNonNull(name, "name");
	}

	/**
	 * Create a key.
	 * @param <T> the type of the values
	 * @param name a name for diagnostics
	 * @return a new key, distinct from every other
	 */
	public static <T> PumpAttribute<T> named(String name) {
		return new PumpAttribute<>(name);
	}

	/**
	 * Return the name given at creation.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	@Override
	public String toString() {
		return "PumpAttribute '" + this.name + "'";
	}

}
