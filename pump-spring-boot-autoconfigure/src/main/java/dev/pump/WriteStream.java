package dev.pump;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A destination of items with a bounded write queue: the write side of a {@link Pump}.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li>{@link #write(Object)} always accepts the item while the stream is open and queues
 * it; it never blocks. The writer is expected to check {@link #writeQueueFull()} after
 * each write and stop writing while it is full.</li>
 * <li>Byte streams measure their queue in bytes: the queue is full when the queued bytes
 * reach the {@link #setWriteQueueMaxSize(int) maximum}. After the queue has been full,
 * the {@link #drainHandler(Runnable) drain handler} is called once the queued bytes fall
 * to half the maximum or below.</li>
 * <li>{@link #end()} flushes everything written, closes the destination and completes the
 * returned future only then; it fails the future if that does not succeed.</li>
 * <li>A failure of the destination goes to the {@link #exceptionHandler(Consumer)
 * exception handler}; the stream then releases its queue.</li>
 * <li>{@link #abort(Throwable)} is terminal: it drops and releases the queue and undoes
 * partial output where the destination allows it (a partial file is deleted, a multipart
 * upload aborted).</li>
 * </ul>
 *
 * <h2>Ownership</h2> An item passed to {@code write} belongs to the stream from that
 * moment, even if the call throws: the stream releases it when written, dropped or
 * aborted. The caller must not touch it again.
 *
 * <h2>Threading</h2> {@code write} and {@code end} are called by one writer at a time.
 * The drain and exception handlers may be called on any thread, including the writer's
 * thread while it is inside {@code write}.
 *
 * @param <T> the type of items
 * @see Pump
 */
public interface WriteStream<T> {

	/**
	 * Queue an item for writing. Ownership of the item passes to this stream.
	 * @param item the item
	 * @return this stream
	 */
	WriteStream<T> write(T item);

	/**
	 * Set the size at which the write queue is full (bytes for byte streams).
	 * @param maxSize the maximum, greater than zero
	 * @return this stream
	 */
	WriteStream<T> setWriteQueueMaxSize(int maxSize);

	/**
	 * Whether the write queue has reached its maximum size.
	 * @return {@code true} if the writer should stop until the drain handler is called
	 */
	boolean writeQueueFull();

	/**
	 * Set the handler called when a full queue has drained to half its maximum.
	 * @param handler the handler, or {@code null}
	 * @return this stream
	 */
	WriteStream<T> drainHandler(@Nullable Runnable handler);

	/**
	 * Set the handler called once if the destination fails.
	 * @param handler the handler, or {@code null}
	 * @return this stream
	 */
	WriteStream<T> exceptionHandler(@Nullable Consumer<Throwable> handler);

	/**
	 * Flush everything written, then close the destination.
	 * @return a future that completes when everything is flushed and closed, or fails
	 */
	CompletableFuture<Void> end();

	/**
	 * Stop for good: drop and release the queue, undo partial output. Idempotent.
	 * @param cause why the stream is aborted
	 */
	void abort(Throwable cause);

}
