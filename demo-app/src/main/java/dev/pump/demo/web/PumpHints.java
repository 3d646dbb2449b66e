package dev.pump.demo.web;

import dev.pump.Pump;

/**
 * Tells a pump what the service knows about its transfer, where the pump can take it.
 */
final class PumpHints {

	private PumpHints() {
	}

	/**
	 * Tell a pump how many bytes it is expected to move, for progress in the actuator.
	 * @param pump the pump
	 * @param bytes the expected bytes, or {@code -1} if unknown
	 */
	static void expectBytes(Pump pump, long bytes) {
		// Filled in once the starter offers a public way to tell the expected total.
	}

}
