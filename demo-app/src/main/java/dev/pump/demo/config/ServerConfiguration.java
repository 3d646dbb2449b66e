package dev.pump.demo.config;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tuning of the HTTP server for long uploads.
 */
@Configuration(proxyBeanMethods = false)
public class ServerConfiguration {

	/**
	 * Give up on a request body that stalls for longer than {@code demo.read-timeout}: a
	 * client that hangs mid-upload must not hold an upload slot forever.
	 * @param properties the properties
	 * @return the customizer
	 */
	@Bean
	NettyServerCustomizer readTimeoutCustomizer(DemoProperties properties) {
		return (server) -> server.readTimeout(properties.getReadTimeout());
	}

}
