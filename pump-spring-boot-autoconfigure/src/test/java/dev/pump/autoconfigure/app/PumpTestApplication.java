package dev.pump.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application with the pump auto-configuration and the actuator, for tests
 * against a running server.
 */
@SpringBootApplication
public class PumpTestApplication {

}
