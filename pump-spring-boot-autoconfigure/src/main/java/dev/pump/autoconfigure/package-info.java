/**
 * Auto-configuration of pumps: the {@link dev.pump.PumpFactory}, their meters and the
 * {@code pumps} actuator endpoint.
 */
@NullMarked
package dev.pump.autoconfigure;

import org.jspecify.annotations.NullMarked;
