package dev.pump.demo.config;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tuning of the HTTP server for long uploads, and for HTTP/2 without TLS
 * ({@code server.http2.enabled}) next to HTTP/1.1.
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

	/**
	 * Keep uploads that ask for an h2c upgrade on HTTP/1.1, streamed, rather than
	 * refused: see {@link H2cUpgradeFilter}.
	 * @return the customizer
	 */
	@Bean
	NettyServerCustomizer h2cUpgradeCustomizer() {
		return h2cUpgradeFilter();
	}

	/**
	 * Return what puts {@link H2cUpgradeFilter} into every connection of a server: the
	 * service's, and the management server's (see {@link ManagementServerConfiguration}).
	 * @return the customizer
	 */
	static NettyServerCustomizer h2cUpgradeFilter() {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			// Netty's cleartext handler has replaced itself with the codec and the
			// upgrade handler by now: the filter goes between them, where requests are
			// decoded.
			ChannelHandlerContext upgrade = channel.pipeline().context(HttpServerUpgradeHandler.class);
			if (upgrade != null) {
				channel.pipeline().addBefore(upgrade.name(), H2cUpgradeFilter.NAME, H2cUpgradeFilter.INSTANCE);
			}
		});
	}

}
