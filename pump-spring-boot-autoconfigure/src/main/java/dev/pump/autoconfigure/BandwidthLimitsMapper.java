package dev.pump.autoconfigure;

import java.util.Map;
import java.util.function.BiFunction;

import dev.pump.registry.BandwidthLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Turns {@code pump.bandwidth.*} properties into {@link BandwidthLimits}, with a clear
 * error for a limit of zero or less.
 */
final class BandwidthLimitsMapper {

	private BandwidthLimitsMapper() {
	}

	static BandwidthLimits limits(PumpProperties.Bandwidth properties) {
		BandwidthLimits limits = BandwidthLimits.unlimited();
		limits = apply(limits, "pump.bandwidth.per-pump", properties.getPerPump(), BandwidthLimits::withPerPump);
		limits = apply(limits, "pump.bandwidth.total", properties.getTotal(), BandwidthLimits::withTotal);
		for (Map.Entry<String, PumpProperties.Bandwidth.Name> entry : properties.getNames().entrySet()) {
			String name = entry.getKey();
			String prefix = "pump.bandwidth.names." + name;
			limits = apply(limits, prefix + ".per-pump", entry.getValue().getPerPump(),
					(current, rate) -> current.withPerPump(name, rate));
			limits = apply(limits, prefix + ".total", entry.getValue().getTotal(),
					(current, rate) -> current.withTotal(name, rate));
		}
		return limits;
	}

	private static BandwidthLimits apply(BandwidthLimits limits, String property, @Nullable DataSize size,
			BiFunction<BandwidthLimits, Long, BandwidthLimits> setter) {
		if (size == null) {
			return limits;
		}
		if (size.toBytes() <= 0) {
			throw new IllegalStateException(property + " must be greater than zero (per second): " + size);
		}
		return setter.apply(limits, size.toBytes());
	}

}
