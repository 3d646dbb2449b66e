package dev.pump.registry;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.pump.PumpFactory;
import dev.pump.ReadStream;
import dev.pump.WriteStream;

/**
 * A {@link PumpFactory} whose pumps are {@link ManagedPump}s registered in a
 * {@link PumpRegistry}, with a default write queue maximum.
 *
 * <p>
 * The name of a pump becomes a metrics tag: keep the set of names small and fixed (a
 * route, a use case), never a file name or a user id. The id is unique.
 */
public final class DefaultPumpFactory implements PumpFactory {

	/**
	 * Name of the pumps created without one.
	 */
	public static final String DEFAULT_NAME = "pump";

	private final PumpRegistry registry;

	private final int writeQueueMaxSize;

	private final BandwidthLimiter bandwidth;

	/**
	 * Create a factory whose pumps are unlimited until a limit is set on one of them.
	 * @param registry where the pumps are registered
	 * @param writeQueueMaxSize the write queue maximum given to each new pump (bytes for
	 * byte streams)
	 */
	public DefaultPumpFactory(PumpRegistry registry, int writeQueueMaxSize) {
		this(registry, writeQueueMaxSize, BandwidthLimiter.unlimited(Math.max(writeQueueMaxSize, 1)));
	}

	/**
	 * Create a factory.
	 * @param registry where the pumps are registered
	 * @param writeQueueMaxSize the write queue maximum given to each new pump (bytes for
	 * byte streams)
	 * @param bandwidth the bandwidth limits of the pumps
	 */
	public DefaultPumpFactory(PumpRegistry registry, int writeQueueMaxSize, BandwidthLimiter bandwidth) {
		if (writeQueueMaxSize <= 0) {
			throw new IllegalArgumentException("writeQueueMaxSize must be greater than zero: " + writeQueueMaxSize);
		}
		this.registry = Objects.requireNonNull(registry, "registry");
		this.writeQueueMaxSize = writeQueueMaxSize;
		this.bandwidth = Objects.requireNonNull(bandwidth, "bandwidth");
	}

	/**
	 * Return the registry of the pumps this factory creates.
	 * @return the registry
	 */
	public PumpRegistry registry() {
		return this.registry;
	}

	@Override
	public <T> ManagedPump create(String name, ReadStream<T> readStream, WriteStream<T> writeStream) {
		Objects.requireNonNull(name, "name");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		Objects.requireNonNull(readStream, "readStream");
		Objects.requireNonNull(writeStream, "writeStream");
		RegisteredPump pump = new RegisteredPump(name, newId(), this.registry, this.bandwidth.forPump(name), readStream,
				writeStream);
		return pump.setWriteQueueMaxSize(this.writeQueueMaxSize);
	}

	@Override
	public <T> ManagedPump create(ReadStream<T> readStream, WriteStream<T> writeStream) {
		return create(DEFAULT_NAME, readStream, writeStream);
	}

	// A random (version 4) UUID from ThreadLocalRandom: unique as UUID.randomUUID() is,
	// without its SecureRandom (a lock and a system call per pump). The id names a pump
	// in metrics and the endpoint; it is not a secret.
	private static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
