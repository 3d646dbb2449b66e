package dev.pump;

import java.util.concurrent.CancellationException;

import reactor.core.publisher.Mono;

/**
 * Moves items from a {@link ReadStream} to a {@link WriteStream} with flow control.
 *
 * <h2>Flow control</h2> After each write the pump asks the write stream whether its queue
 * is full. If so it pauses the read stream; when the write stream has drained half of its
 * backlog (its drain handler), the pump resumes the read stream. So memory is bounded by
 * the write queue, whatever the size of the transfer.
 *
 * <h2>Life cycle</h2>
 * <ul>
 * <li>{@link #start()} attaches the pump to both streams, {@link #stop()} detaches it:
 * data stays in the source and nothing is dropped. Both may be called any number of
 * times; a new start continues where the pump stopped, and resumes a read stream that
 * flow control had paused if the write queue drained meanwhile.</li>
 * <li>The end of the read stream ends the write stream; {@link #completion()} succeeds
 * with the bytes pumped once {@link WriteStream#end()} has completed.</li>
 * <li>A read failure aborts the write stream, a write failure (or a failed end) cancels
 * the read stream; either fails {@code completion()} with a {@link PumpException} telling
 * the side. {@link #cancel()} cancels the read side, aborts the write side and fails
 * {@code completion()} with a {@link CancellationException}.</li>
 * </ul>
 *
 * <h2>Threading</h2> Items, drain and failures may arrive on different threads. The pump
 * is lock-free: it never holds a lock while calling into a stream, and a drain that races
 * with a pause is never missed.
 *
 * <h2>Counting</h2> {@link #bytesPumped()} counts the bytes of {@code DataBuffer},
 * {@code byte[]} and {@code ByteBuffer} items (one per item for other types), measured
 * before the item is handed to the write stream.
 */
public interface Pump {

	/**
	 * Create a pump, not yet started.
	 * @param <T> the type of items
	 * @param readStream the source
	 * @param writeStream the destination
	 * @return the pump
	 * @throws NullPointerException if a stream is {@code null}
	 */
	static <T> Pump pump(ReadStream<T> readStream, WriteStream<T> writeStream) {
		return pump(readStream, writeStream, PumpObserver.NONE);
	}

	/**
	 * Create a pump, not yet started, that reports its life-cycle events to an observer:
	 * how registries, metrics and tracing watch a pump without wrapping it.
	 * @param <T> the type of items
	 * @param readStream the source
	 * @param writeStream the destination
	 * @param observer hears the pump's events, on the pump's event threads
	 * @return the pump
	 * @throws NullPointerException if a stream or the observer is {@code null}
	 */
	static <T> Pump pump(ReadStream<T> readStream, WriteStream<T> writeStream, PumpObserver observer) {
		return pump(readStream, writeStream, observer, PumpThrottle.NONE);
	}

	/**
	 * Create a pump, not yet started, that reports to an observer and is paced by a
	 * throttle: how bandwidth limits hold its read stream, whatever the streams are.
	 * @param <T> the type of items
	 * @param readStream the source
	 * @param writeStream the destination
	 * @param observer hears the pump's events, on the pump's event threads
	 * @param throttle grants the bytes the pump may write, see {@link PumpThrottle}
	 * @return the pump
	 * @throws NullPointerException if an argument is {@code null}
	 */
	static <T> Pump pump(ReadStream<T> readStream, WriteStream<T> writeStream, PumpObserver observer,
			PumpThrottle throttle) {
		return new DefaultPump<>(readStream, writeStream, observer, throttle);
	}

	/**
	 * Create a pump, not yet started, and set the write queue maximum of the write
	 * stream.
	 * @param <T> the type of items
	 * @param readStream the source
	 * @param writeStream the destination
	 * @param writeQueueMaxSize the maximum size of the write queue (bytes for byte
	 * streams)
	 * @return the pump
	 * @throws NullPointerException if a stream is {@code null}
	 */
	static <T> Pump pump(ReadStream<T> readStream, WriteStream<T> writeStream, int writeQueueMaxSize) {
		return pump(readStream, writeStream).setWriteQueueMaxSize(writeQueueMaxSize);
	}

	/**
	 * Set the maximum size of the write stream's queue.
	 * @param maxSize the maximum (bytes for byte streams)
	 * @return this pump
	 */
	Pump setWriteQueueMaxSize(int maxSize);

	/**
	 * Attach the pump to its streams and start moving items. Idempotent.
	 * @return this pump
	 */
	Pump start();

	/**
	 * Detach the pump from its streams; data stays in the source. Idempotent.
	 * @return this pump
	 */
	Pump stop();

	/**
	 * Return the bytes pumped so far.
	 * @return the bytes (items, for items that are not bytes)
	 */
	long bytesPumped();

	/**
	 * Whether flow control has paused the read stream right now.
	 * @return {@code true} while waiting for the write stream to drain
	 */
	boolean isPaused();

	/**
	 * Return where the pump is in its life right now: the one state machine of the pump,
	 * {@link PumpState#PAUSED} while flow control holds the read stream.
	 * @return the state
	 */
	PumpState state();

	/**
	 * Return a new {@link Mono} of the outcome: the bytes pumped once the write stream
	 * has ended, or the failure. Cancelling a subscription cancels the pump, so
	 * {@code completion().timeout(...)} aborts a stuck transfer.
	 * @return the completion
	 */
	Mono<Long> completion();

	/**
	 * Cancel the read stream, abort the write stream and fail the completion with a
	 * {@link CancellationException}. Does nothing once the pump has finished.
	 */
	void cancel();

}
