package dev.pump;

/**
 * Implemented by write streams that can tell how much their queue holds, for gauges and
 * the actuator endpoint. Not required by the pump.
 */
public interface WriteQueueSize {

	/**
	 * Return the size of the write queue right now.
	 * @return the queued size (bytes for byte streams)
	 */
	long writeQueueSize();

}
