package dev.pump.demo.tus;

import java.nio.file.Path;

import dev.pump.demo.DemoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload begun before a restart of the service resumes after it: its state and partial
 * data are files, and the storage's clean-up of leftovers keeps them.
 */
class TusRestartTests {

	@TempDir
	Path root;

	@Test
	void uploadBegunBeforeARestartResumesAfterIt() throws Exception {
		String location;
		try (ConfigurableApplicationContext first = start()) {
			TusHttp tus = new TusHttp(port(first));
			location = tus.createLocation(6, "restart/object.txt");
			assertThat(tus.patch(location, 0, "abc".getBytes()).statusCode()).isEqualTo(204);
		}
		try (ConfigurableApplicationContext second = start()) {
			TusHttp tus = new TusHttp(port(second));
			assertThat(tus.offset(location)).isEqualTo(3);
			assertThat(tus.patch(location, 3, "def".getBytes()).statusCode()).isEqualTo(204);
			assertThat(tus.get("/files/restart/object.txt").body()).isEqualTo("abcdef");
			assertThat(this.root.resolve("storage/restart/object.txt")).exists();
		}
	}

	private ConfigurableApplicationContext start() {
		// Arguments, not default properties: they win over application.properties.
		return new SpringApplicationBuilder(DemoApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
				"--demo.storage.directory=" + this.root.resolve("storage"));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
