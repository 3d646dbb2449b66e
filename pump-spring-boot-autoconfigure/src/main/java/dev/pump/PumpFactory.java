package dev.pump;

/**
 * Creates pumps that are named, registered while alive and observed (metrics, the
 * {@code pumps} actuator endpoint). Spring Boot's auto-configuration provides one; an
 * application may define its own.
 */
public interface PumpFactory {

	/**
	 * Create a pump, not yet started.
	 * @param <T> the type of items
	 * @param name a bounded name for metrics, such as a route or a use case
	 * @param readStream the source
	 * @param writeStream the destination
	 * @return the pump
	 */
	<T> Pump create(String name, ReadStream<T> readStream, WriteStream<T> writeStream);

	/**
	 * Create a pump with the default name, not yet started.
	 * @param <T> the type of items
	 * @param readStream the source
	 * @param writeStream the destination
	 * @return the pump
	 */
	<T> Pump create(ReadStream<T> readStream, WriteStream<T> writeStream);

}
