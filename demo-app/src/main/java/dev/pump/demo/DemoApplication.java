package dev.pump.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The upload-to-storage service built on the Pump starter: uploads are pumped from the
 * request into the storage, downloads from the storage into the response, so memory stays
 * bounded by the write queues whatever the size of the objects.
 */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
