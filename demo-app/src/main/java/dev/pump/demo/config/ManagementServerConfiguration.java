package dev.pump.demo.config;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The management server ({@code management.server.port}) in its own context: it answers
 * HTTP/2 like the service's server, so requests with a body that ask for an h2c upgrade
 * (the JDK's client does on its first request) stay HTTP/1.1 there too, instead of a
 * {@code 413}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementServerConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> managementH2cUpgradeCustomizer() {
		return (factory) -> factory.addServerCustomizers(ServerConfiguration.h2cUpgradeFilter());
	}

}
