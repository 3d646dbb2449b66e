package dev.pump.observation;

import java.time.Duration;
import java.util.Locale;

import dev.pump.PumpOutcome;
import dev.pump.registry.PumpSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one log line per finished transfer, on the logger {@value #LOGGER_NAME}: name, id,
 * bytes, duration and outcome, as the message and as SLF4J key-value pairs, which Spring
 * Boot's structured logging (ECS, Logstash, GELF) writes as fields of their own. The
 * trace id comes from the logging context (MDC) when tracing is on. Successes and cancels
 * are INFO, failures WARN.
 */
final class TransferLog {

	static final String LOGGER_NAME = "dev.pump.transfers";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	/**
	 * Whether the line of a finished transfer would be written.
	 * @param snapshot the final view of the pump
	 * @return {@code true} if its level is enabled
	 */
	boolean isEnabled(PumpSnapshot snapshot) {
		return (snapshot.outcome() == PumpOutcome.FAILURE) ? logger.isWarnEnabled() : logger.isInfoEnabled();
	}

	void finished(PumpSnapshot snapshot) {
		PumpOutcome outcome = (snapshot.outcome() != null) ? snapshot.outcome() : PumpOutcome.SUCCESS;
		LoggingEventBuilder event = (outcome == PumpOutcome.FAILURE) ? logger.atWarn() : logger.atInfo();
		String result = outcome.name().toLowerCase(Locale.ROOT);
		long millis = (snapshot.duration() != null) ? snapshot.duration().toMillis() : Duration.ZERO.toMillis();
		event = event.addKeyValue("pump.name", snapshot.name())
			.addKeyValue("pump.id", snapshot.id())
			.addKeyValue("pump.bytes", snapshot.bytes())
			.addKeyValue("pump.duration_ms", millis)
			.addKeyValue("pump.outcome", result);
		if (snapshot.failure() != null) {
			event = event.addKeyValue("pump.failure", snapshot.failure());
		}
		event.log("Transfer '{}' {} {}: {} bytes in {} ms{}", snapshot.name(), snapshot.id(), result, snapshot.bytes(),
				millis, (snapshot.failure() != null) ? " (" + snapshot.failure() + ")" : "");
	}

}
