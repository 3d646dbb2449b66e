/**
 * The transfer {@link io.micrometer.observation.Observation}: one per managed pump, from
 * its start to its finish, documented by
 * {@link dev.pump.observation.PumpObservationDocumentation} and named by a replaceable
 * {@link dev.pump.observation.PumpObservationConvention}; and the one log line per
 * finished transfer.
 */
@NullMarked
package dev.pump.observation;

import org.jspecify.annotations.NullMarked;
