package dev.pump;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A source of items that can be paused and resumed: the read side of a {@link Pump}.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li>Items go to the {@link #handler(Consumer) handler}, one at a time, never
 * concurrently. Without a handler (after {@code handler(null)}) nothing is delivered and
 * nothing is lost: items are held until a handler is set again.</li>
 * <li>{@link #pause()} asks the stream to stop delivering. Items already on their way are
 * held, never dropped; {@link #resume()} delivers them first, then asks the source for
 * more.</li>
 * <li>The end of the stream goes to the {@link #endHandler(Runnable) end handler} after
 * the last item, a failure to the {@link #exceptionHandler(Consumer) exception handler};
 * exactly one of them is called, once.</li>
 * <li>{@link #cancel()} is terminal: it stops the source and releases whatever the stream
 * holds. Neither handler is called after it.</li>
 * </ul>
 *
 * <h2>Ownership</h2> An item handed to the handler belongs to the handler: the stream
 * never releases it afterwards. Items still held by the stream belong to the stream.
 *
 * <h2>Threading</h2> Events may arrive on any thread, but never concurrently with each
 * other. {@code pause()}, {@code resume()} and the setters may be called from any thread,
 * including from within a handler.
 *
 * @param <T> the type of items
 * @see Pump
 */
public interface ReadStream<T> {

	/**
	 * Set the handler that receives items.
	 * @param handler the handler, or {@code null} to detach: nothing is delivered or lost
	 * until a handler is set again
	 * @return this stream
	 */
	ReadStream<T> handler(@Nullable Consumer<T> handler);

	/**
	 * Stop delivering items until {@link #resume()}.
	 * @return this stream
	 */
	ReadStream<T> pause();

	/**
	 * Deliver items again after {@link #pause()}.
	 * @return this stream
	 */
	ReadStream<T> resume();

	/**
	 * Set the handler called once after the last item.
	 * @param handler the handler, or {@code null}
	 * @return this stream
	 */
	ReadStream<T> endHandler(@Nullable Runnable handler);

	/**
	 * Set the handler called once if the stream fails.
	 * @param handler the handler, or {@code null}
	 * @return this stream
	 */
	ReadStream<T> exceptionHandler(@Nullable Consumer<Throwable> handler);

	/**
	 * Stop the source for good and release whatever the stream holds. Idempotent.
	 */
	void cancel();

}
