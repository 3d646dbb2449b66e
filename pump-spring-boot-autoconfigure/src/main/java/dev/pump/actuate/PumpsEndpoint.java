package dev.pump.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.pump.registry.ManagedPump;
import dev.pump.registry.PumpRegistry;
import dev.pump.registry.PumpSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code pumps} endpoint: live and recently finished pumps of a {@link PumpRegistry},
 * one pump by id, the bandwidth limit of a live pump, and its cancellation.
 *
 * <p>
 * Reading is allowed by default; changing a limit and cancelling need
 * {@code management.endpoint.pumps.access=unrestricted}. Fields that are {@code null}
 * (unknown expected bytes, the outcome of a live pump) are left out of the JSON.
 */
@Endpoint(id = "pumps", defaultAccess = Access.READ_ONLY)
public class PumpsEndpoint {

	private final PumpRegistry registry;

	private final Clock clock;

	/**
	 * Create the endpoint.
	 * @param registry the registry of pumps
	 */
	public PumpsEndpoint(PumpRegistry registry) {
		this(registry, Clock.systemUTC());
	}

	/**
	 * Create the endpoint with its own clock, for the rate of live pumps.
	 * @param registry the registry of pumps
	 * @param clock the clock
	 */
	public PumpsEndpoint(PumpRegistry registry, Clock clock) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Return the live pumps, oldest first, and the recently finished ones, newest first.
	 * @return the pumps
	 */
	@ReadOperation
	public PumpsDescriptor pumps() {
		Instant now = this.clock.instant();
		List<PumpDescriptor> live = describe(this.registry.live(), ManagedPump::snapshot, now);
		List<PumpDescriptor> recent = describe(this.registry.recent(), Function.identity(), now);
		return new PumpsDescriptor(live, recent);
	}

	/**
	 * Return a live or recently finished pump.
	 * @param id the id of the pump
	 * @return the pump, or {@code null} (404) if unknown
	 */
	@ReadOperation
	public @Nullable PumpDescriptor pump(@Selector String id) {
		Instant now = this.clock.instant();
		return this.registry.snapshot(id).map((snapshot) -> new PumpDescriptor(snapshot, now)).orElse(null);
	}

	/**
	 * Cancel a live pump: its read stream is cancelled and its write stream aborted.
	 * @param id the id of the pump
	 * @return the pump once cancelled, or {@code null} if it is not live (over HTTP,
	 * {@link PumpsEndpointWebExtension} answers {@code 404} then)
	 */
	@DeleteOperation
	public @Nullable PumpDescriptor cancel(@Selector String id) {
		ManagedPump pump = this.registry.find(id).orElse(null);
		if (pump == null) {
			return null;
		}
		pump.cancel();
		return new PumpDescriptor(pump.snapshot(), this.clock.instant());
	}

	/**
	 * Set or change the bandwidth limit of a live pump, at once.
	 * @param id the id of the pump
	 * @param bytesPerSecond the new limit, greater than zero
	 * @return the pump with its new limit, or {@code null} if it is not live (over HTTP,
	 * {@link PumpsEndpointWebExtension} answers {@code 404} then)
	 * @throws InvalidEndpointRequestException if {@code bytesPerSecond} is not positive
	 * (over HTTP: {@code 400})
	 */
	@WriteOperation
	public @Nullable PumpDescriptor limit(@Selector String id, long bytesPerSecond) {
		if (bytesPerSecond <= 0) {
			throw new InvalidEndpointRequestException("bytesPerSecond must be greater than zero: " + bytesPerSecond,
					"bytesPerSecond must be greater than zero");
		}
		ManagedPump pump = this.registry.find(id).orElse(null);
		if (pump == null) {
			return null;
		}
		pump.limitBytesPerSecond(bytesPerSecond);
		return new PumpDescriptor(pump.snapshot(), this.clock.instant());
	}

	private static <P> List<PumpDescriptor> describe(List<P> pumps, Function<P, PumpSnapshot> snapshot, Instant now) {
		return pumps.stream().map((pump) -> new PumpDescriptor(snapshot.apply(pump), now)).toList();
	}

	/**
	 * The live and recently finished pumps.
	 */
	public static final class PumpsDescriptor implements OperationResponseBody {

		private final List<PumpDescriptor> live;

		private final List<PumpDescriptor> recent;

		PumpsDescriptor(List<PumpDescriptor> live, List<PumpDescriptor> recent) {
			this.live = live;
			this.recent = recent;
		}

		/**
		 * Return the live pumps, oldest first.
		 * @return the live pumps
		 */
		public List<PumpDescriptor> getLive() {
			return this.live;
		}

		/**
		 * Return the recently finished pumps, newest first.
		 * @return the finished pumps
		 */
		public List<PumpDescriptor> getRecent() {
			return this.recent;
		}

	}

}
