/**
 * Managed pumps: named, identified pumps created by a {@link dev.pump.PumpFactory},
 * registered while alive in a {@link dev.pump.registry.PumpRegistry} and reported to its
 * {@link dev.pump.registry.PumpListener listeners} (metrics, the actuator endpoint). The
 * registry is an ordinary {@link dev.pump.PumpObserver} of the core pump.
 */
@NullMarked
package dev.pump.registry;

import org.jspecify.annotations.NullMarked;
