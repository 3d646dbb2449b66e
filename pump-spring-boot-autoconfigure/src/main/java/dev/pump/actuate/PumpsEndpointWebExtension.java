package dev.pump.actuate;

import java.util.Objects;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of the {@link PumpsEndpoint pumps endpoint}: cancelling an unknown pump
 * answers {@code 404}, where the technology-neutral operation could only say "no
 * content", which a client would take for a successful cancel.
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
		return (cancelled != null) ? new WebEndpointResponse<>(cancelled)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
