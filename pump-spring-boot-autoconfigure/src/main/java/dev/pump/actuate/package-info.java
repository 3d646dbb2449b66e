/**
 * The {@code pumps} actuator endpoint.
 */
@NullMarked
package dev.pump.actuate;

import org.jspecify.annotations.NullMarked;
