package dev.pump.registry;

import java.time.Instant;
import java.util.OptionalLong;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.WriteQueueSize;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

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
 *
 * <h2>Resumed transfers</h2> A transfer may take several pumps: a resumable upload sends
 * one chunk per request. Tell each pump the bytes moved before it with
 * {@link #resumedFrom(long)} (or {@link #resumedFrom(Pump, long)}): a dashboard then
 * shows the progress of the whole transfer, {@code resumedBytes + bytesPumped} of
 * {@code expectedBytes}, while {@link #bytesPumped()} and the meters still count this
 * pump's own bytes only, so that nothing is counted twice.
 *
 * <h2>Bandwidth</h2> A pump's own limit comes from the {@link BandwidthLimiter} of its
 * factory and may be changed while it runs with {@link #limitBytesPerSecond(long)};
 * limits shared with other pumps apply as well, and the strictest wins.
 *
 * <h2>Running inside a reactive pipeline</h2> {@link #run()} starts the pump when
 * subscribed and keeps the subscriber's Reactor {@link #context() context}: listeners
 * read it, so that a transfer's observation becomes a child of the HTTP request's.
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
	 * Tell how many bytes of the transfer earlier pumps moved before this one, for a
	 * transfer resumed at an offset; {@link #bytesPumped()} stays this pump's own count.
	 * @param bytes the bytes moved before this pump, {@code 0} for a transfer from the
	 * start
	 * @return this pump
	 * @throws IllegalArgumentException if {@code bytes} is negative
	 */
	ManagedPump resumedFrom(long bytes);

	/**
	 * Return how many bytes of the transfer earlier pumps moved before this one.
	 * @return the bytes told with {@link #resumedFrom(long)}, {@code 0} if none
	 */
	long resumedBytes();

	/**
	 * Return the pump's own bandwidth limit: limits shared with other pumps are not
	 * included.
	 * @return the bytes per second, empty if the pump has no limit of its own
	 */
	OptionalLong bytesPerSecondLimit();

	/**
	 * Set or change the pump's own bandwidth limit, at once, even while it runs.
	 * @param bytesPerSecond the new limit
	 * @return this pump
	 * @throws IllegalArgumentException if {@code bytesPerSecond} is not positive
	 */
	ManagedPump limitBytesPerSecond(long bytesPerSecond);

	/**
	 * Return a {@link Mono} that starts the pump when subscribed, with the subscriber's
	 * Reactor context as {@link #context()}, and emits the bytes pumped once the write
	 * stream has ended. Cancelling the subscription cancels the pump.
	 * @return the transfer
	 */
	Mono<Long> run();

	/**
	 * Start the pump with the Reactor context of the caller, for code that starts it
	 * inside {@code Mono.deferContextual}: listeners read the context (the transfer
	 * observation finds the HTTP request's there).
	 * @param context the Reactor context of the caller's subscriber
	 * @return this pump
	 */
	ManagedPump start(ContextView context);

	/**
	 * Return the Reactor context the pump was started with, for listeners such as the
	 * transfer observation.
	 * @return the context, empty if the pump was started without one
	 */
	ContextView context();

	/**
	 * Return the value a listener keeps on this pump under a key.
	 * @param <T> the type of the value
	 * @param key the key
	 * @return the value, {@code null} if none is set
	 */
	<T> @Nullable T attribute(PumpAttribute<T> key);

	/**
	 * Set, or remove with {@code null}, the value a listener keeps on this pump under a
	 * key. Safe from any thread; the previous value is returned to exactly one caller, so
	 * a listener may take its state once when the pump finishes.
	 * @param <T> the type of the value
	 * @param key the key
	 * @param value the value, or {@code null} to remove it
	 * @return the previous value, {@code null} if none was set
	 */
	<T> @Nullable T attribute(PumpAttribute<T> key, @Nullable T value);

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

	/**
	 * Tell a pump how many bytes of its transfer were moved before it if it is a
	 * {@link ManagedPump}; do nothing otherwise.
	 * @param pump the pump
	 * @param bytes the bytes moved before this pump, such as the offset a resumed upload
	 * continues from
	 * @return the pump
	 * @throws IllegalArgumentException if {@code bytes} is negative
	 */
	static Pump resumedFrom(Pump pump, long bytes) {
		if (pump instanceof ManagedPump managed) {
			managed.resumedFrom(bytes);
		}
		return pump;
	}

	/**
	 * Start a pump when subscribed and emit the bytes pumped once the write stream has
	 * ended: {@link #run()} for a {@link ManagedPump}, so that it keeps the subscriber's
	 * context, and {@code start()} then {@code completion()} for any other pump.
	 * @param pump the pump
	 * @return the transfer
	 */
	static Mono<Long> run(Pump pump) {
		return Mono.deferContextual((context) -> start(pump, context).completion());
	}

	/**
	 * Start a pump with the Reactor context of the caller if it is a {@link ManagedPump},
	 * or simply start it.
	 * @param pump the pump
	 * @param context the Reactor context of the caller's subscriber
	 * @return the pump
	 */
	static Pump start(Pump pump, ContextView context) {
		if (pump instanceof ManagedPump managed) {
			return managed.start(context);
		}
		return pump.start();
	}

}
