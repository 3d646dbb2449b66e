package dev.pump.demo;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the service's {@code pumps} actuator endpoint answers: its {@code live} and
 * {@code recent} lists of pumps, each pump as its JSON fields.
 */
public final class PumpsEndpoint {

	private PumpsEndpoint() {
	}

	/**
	 * Read the endpoint.
	 * @param client a client of the service (or of its management port)
	 * @return the lists by name
	 */
	public static Map<String, List<Map<String, Object>>> read(WebTestClient client) {
		return client.get()
			.uri("/actuator/pumps")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
