package dev.pump.registry;

import java.util.HashMap;
import java.util.Map;

/**
 * Bandwidth limits of managed pumps, in bytes per second: per pump and for all pumps
 * together, each also per pump name. Immutable; each {@code with...} method returns a
 * copy. Unset means unlimited, and where several limits apply the strictest wins.
 */
public final class BandwidthLimits {

	private static final BandwidthLimits UNLIMITED = new BandwidthLimits(0, 0, Map.of(), Map.of());

	private final long perPump;

	private final long total;

	private final Map<String, Long> perPumpByName;

	private final Map<String, Long> totalByName;

	private BandwidthLimits(long perPump, long total, Map<String, Long> perPumpByName, Map<String, Long> totalByName) {
		this.perPump = perPump;
		this.total = total;
		this.perPumpByName = Map.copyOf(perPumpByName);
		this.totalByName = Map.copyOf(totalByName);
	}

	/**
	 * Return limits that limit nothing.
	 * @return no limits
	 */
	public static BandwidthLimits unlimited() {
		return UNLIMITED;
	}

	/**
	 * Return a copy that limits each pump.
	 * @param bytesPerSecond the limit of each pump
	 * @return the new limits
	 * @throws IllegalArgumentException if the limit is not positive
	 */
	public BandwidthLimits withPerPump(long bytesPerSecond) {
		return new BandwidthLimits(positive(bytesPerSecond), this.total, this.perPumpByName, this.totalByName);
	}

	/**
	 * Return a copy that limits all pumps together.
	 * @param bytesPerSecond the limit of all pumps together
	 * @return the new limits
	 * @throws IllegalArgumentException if the limit is not positive
	 */
	public BandwidthLimits withTotal(long bytesPerSecond) {
		return new BandwidthLimits(this.perPump, positive(bytesPerSecond), this.perPumpByName, this.totalByName);
	}

	/**
	 * Return a copy that limits each pump of a name.
	 * @param name the name of the pumps
	 * @param bytesPerSecond the limit of each pump of that name
	 * @return the new limits
	 * @throws IllegalArgumentException if the limit is not positive
	 */
	public BandwidthLimits withPerPump(String name, long bytesPerSecond) {
		return new BandwidthLimits(this.perPump, this.total, with(this.perPumpByName, name, bytesPerSecond),
				this.totalByName);
	}

	/**
	 * Return a copy that limits the pumps of a name together.
	 * @param name the name of the pumps
	 * @param bytesPerSecond the limit of the pumps of that name together
	 * @return the new limits
	 * @throws IllegalArgumentException if the limit is not positive
	 */
	public BandwidthLimits withTotal(String name, long bytesPerSecond) {
		return new BandwidthLimits(this.perPump, this.total, this.perPumpByName,
				with(this.totalByName, name, bytesPerSecond));
	}

	/**
	 * Return the strictest limit of each pump of a name: its own or that of all pumps.
	 * @param name the name of the pump
	 * @return the bytes per second, {@code 0} if unlimited
	 */
	public long perPump(String name) {
		if (this.perPumpByName.isEmpty()) {
			return this.perPump;
		}
		return strictest(this.perPump, this.perPumpByName.getOrDefault(name, 0L));
	}

	/**
	 * Return the limit of all pumps together.
	 * @return the bytes per second, {@code 0} if unlimited
	 */
	public long total() {
		return this.total;
	}

	/**
	 * Return the limit of the pumps of a name together.
	 * @param name the name of the pumps
	 * @return the bytes per second, {@code 0} if unlimited
	 */
	public long total(String name) {
		return this.totalByName.isEmpty() ? 0 : this.totalByName.getOrDefault(name, 0L);
	}

	private static Map<String, Long> with(Map<String, Long> limits, String name, long bytesPerSecond) {
		Map<String, Long> copy = new HashMap<>(limits);
		copy.put(name, positive(bytesPerSecond));
		return copy;
	}

	static long strictest(long a, long b) {
		if (a <= 0) {
			return b;
		}
		return (b <= 0) ? a : Math.min(a, b);
	}

	static long positive(long bytesPerSecond) {
		if (bytesPerSecond <= 0) {
			throw new IllegalArgumentException("bytesPerSecond must be greater than zero: " + bytesPerSecond);
		}
		return bytesPerSecond;
	}

}
