package dev.pump.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the IDE metadata the configuration processor generates from
 * {@link PumpProperties}.
 */
class PumpPropertiesMetadataTests {

	private static final Set<String> MACHINE_DEPENDENT = Set.of("pump.file.writer-threads", "pump.file.force-threads");

	@Test
	void everyPumpPropertyHasDescriptionAndDefault() throws IOException {
		Map<String, Map<String, Object>> properties = properties();
		assertThat(properties).containsKeys("pump.write-queue-max-size", "pump.history-size", "pump.metrics.enabled",
				"pump.metrics.max-pumps-with-meters", "pump.metrics.max-names", "pump.metrics.per-pump-delay",
				"pump.file.writer-threads", "pump.file.force-threads");
		properties.forEach((name, property) -> {
			if (name.startsWith("pump.bandwidth.")) {
				// Unset means unlimited (issue 17): no default to show.
				assertThat(property).as(name).containsKey("description").doesNotContainKey("defaultValue");
			}
			else if (name.startsWith("pump.")) {
				// Thread counts default to a number of the machine's processors: no fixed
				// default to show, the description tells it.
				if (MACHINE_DEPENDENT.contains(name)) {
					assertThat((String) property.get("description")).as(name).contains("processor");
				}
				else {
					assertThat(property).as(name).containsKeys("description", "defaultValue");
				}
				assertThat((String) property.get("description")).as(name)
					.doesNotStartWith("The ")
					.doesNotStartWith("A ");
			}
		});
		assertThat(properties.get("pump.write-queue-max-size")).containsEntry("defaultValue", "256KB");
	}

	@Test
	void bandwidthPropertiesAreDescribedPerSecond() throws IOException {
		Map<String, Map<String, Object>> properties = properties();
		assertThat(properties).containsKeys("pump.bandwidth.per-pump", "pump.bandwidth.total", "pump.bandwidth.names");
		assertThat(properties.get("pump.bandwidth.per-pump")).containsEntry("type",
				"org.springframework.util.unit.DataSize");
		assertThat((String) properties.get("pump.bandwidth.total").get("description")).contains("per second");
	}

	@Test
	void endpointAccessIsDescribed() throws IOException {
		assertThat(properties().get("management.endpoint.pumps.access")).containsEntry("defaultValue", "read_only");
	}

	private static Map<String, Map<String, Object>> properties() throws IOException {
		try (InputStream in = PumpPropertiesMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			Map<String, Object> metadata = JsonMapper.shared().readValue(in, new TypeReference<>() {
			});
			List<Map<String, Object>> properties = JsonMapper.shared()
				.convertValue(metadata.get("properties"), new TypeReference<>() {
				});
			return properties.stream()
				.collect(Collectors.toMap((property) -> (String) property.get("name"), (property) -> property));
		}
	}

}
