package dev.pump.actuate;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of the {@link PumpsEndpoint pumps endpoint}: cancelling or limiting an
 * unknown pump answers {@code 404}, where the technology-neutral operation could only say
 * "no content", which a client would take for a success.
 */
@EndpointWebExtension(endpoint = PumpsEndpoint.class)
public class PumpsEndpointWebExtension {

	private final PumpsEndpoint endpoint;

	/**
	 * Create the extension of an endpoint.
	 * @param endpoint the endpoint
	 */
	public PumpsEndpointWebExtension(PumpsEndpoint endpoint) {
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
	}

	/**
	 * Cancel a live pump: its read stream is cancelled and its write stream aborted.
	 * @param id the id of the pump
	 * @return the pump as it is after the cancel ({@code 200}), or {@code 404} if no live
	 * pump has this id (a finished pump cannot be cancelled)
	 */
	@DeleteOperation
	public WebEndpointResponse<PumpDescriptor> cancel(@Selector String id) {
		PumpDescriptor cancelled = this.endpoint.cancel(id);
		return found(cancelled);
	}

	/**
	 * Set or change the bandwidth limit of a live pump, at once: {@code POST} with
	 * {@code {"bytesPerSecond": n}}.
	 * @param id the id of the pump
	 * @param bytesPerSecond the new limit, greater than zero ({@code 400} otherwise)
	 * @return the pump with its new limit ({@code 200}), or {@code 404} if no live pump
	 * has this id
	 */
	@WriteOperation
	public WebEndpointResponse<PumpDescriptor> limit(@Selector String id, long bytesPerSecond) {
		return found(this.endpoint.limit(id, bytesPerSecond));
	}

	private static WebEndpointResponse<PumpDescriptor> found(@Nullable PumpDescriptor pump) {
		return (pump != null) ? new WebEndpointResponse<>(pump)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
