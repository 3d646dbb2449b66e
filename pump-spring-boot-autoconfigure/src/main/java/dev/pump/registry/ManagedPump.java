package dev.pump.registry;

import java.time.Instant;
import java.util.OptionalLong;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.WriteQueueSize;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Pump} created by a {@link PumpFactory}: named, identified, registered in a
 * {@link PumpRegistry} while alive, and observable by metrics and the {@code pumps}
 * actuator endpoint.
 *
 * <h2>Expected bytes</h2> When the application knows the size of a transfer (a
 * {@code Content-Length}, a file size), it tells the pump with
 * {@link #expectedBytes(long)} so that a dashboard can draw a progress bar. A factory
 * typed as {@link PumpFactory} returns a {@link Pump}; use
 * {@link #expectBytes(Pump, long)} to tell it without a cast:
 *
 * <pre class="code">
 * Pump pump = pumpFactory.create("upload", source, destination);
 * ManagedPump.expectBytes(pump, request.getHeaders().getContentLength());
 * </pre>
 */
public interface ManagedPump extends Pump {

	/**
	 * Return the name given at creation: bounded, such as a route or a use case.
	 * @return the name
	 */
	String name();

	/**
	 * Return the identifier, unique among the pumps of the registry.
	 * @return the id
	 */
	String id();

	/**
	 * Return how many times flow control paused the read stream.
	 * @return the number of pauses
	 */
	long pauseCount();

	/**
	 * Return what the write stream queues right now, if it implements
	 * {@link WriteQueueSize}.
	 * @return the queued size (bytes for byte streams), or {@code 0} if unknown
	 */
	long writeQueueSize();

	/**
	 * Return when the pump was first started.
	 * @return the instant, or {@code null} if not started yet
	 */
	@Nullable Instant started();

	/**
	 * Tell the total size of the transfer, when the application knows it.
	 * @param bytes the expected bytes; negative means unknown
	 * @return this pump
	 */
	ManagedPump expectedBytes(long bytes);

	/**
	 * Return the total size of the transfer, if the application told it.
	 * @return the expected bytes
	 */
	OptionalLong expectedBytes();

	/**
	 * Return an immutable view of the pump as it is now.
	 * @return the snapshot
	 */
	PumpSnapshot snapshot();

	@Override
	ManagedPump setWriteQueueMaxSize(int maxSize);

	@Override
	ManagedPump start();

	@Override
	ManagedPump stop();

	/**
	 * Tell a pump the total size of its transfer if it is a {@link ManagedPump}; do
	 * nothing otherwise, or if {@code bytes} is negative (an unknown
	 * {@code Content-Length} is {@code -1}).
	 * @param pump the pump
	 * @param bytes the expected bytes
	 * @return the pump
	 */
	static Pump expectBytes(Pump pump, long bytes) {
		if (pump instanceof ManagedPump managed) {
			managed.expectedBytes(bytes);
		}
		return pump;
	}

}
