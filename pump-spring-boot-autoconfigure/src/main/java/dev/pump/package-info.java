/**
 * The stream protocol and its entry points: {@link dev.pump.ReadStream},
 * {@link dev.pump.WriteStream}, the flow-controlled {@link dev.pump.Pump} and its
 * {@link dev.pump.PumpObserver}, and the {@link dev.pump.PumpFactory} applications
 * inject. Depends on no other package of the project.
 */
@NullMarked
package dev.pump;

import org.jspecify.annotations.NullMarked;
