package dev.pump.benchmarks.servers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;

import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

/**
 * The transport of a Reactor Netty benchmark server, from system properties:
 * {@code -Dbench.keystore=server.p12} (PKCS12, password {@code changeit}) serves HTTPS,
 * and with {@code -Dbench.h2=true} HTTP/2 over TLS; neither is plain HTTP/1.1.
 */
final class ServerTransport {

	private static final char[] PASSWORD = "changeit".toCharArray();

	private ServerTransport() {
	}

	static HttpServer apply(HttpServer server) throws Exception {
		String keyStore = System.getProperty("bench.keystore");
		if (keyStore == null) {
			return server;
		}
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(Path.of(keyStore))) {
			store.load(in, PASSWORD);
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, PASSWORD);
		if (Boolean.getBoolean("bench.h2")) {
			GenericSslContextSpec<?> spec = Http2SslContextSpec.forServer(keys);
			return server.protocol(HttpProtocol.H2).secure((ssl) -> ssl.sslContext(spec));
		}
		GenericSslContextSpec<?> spec = Http11SslContextSpec.forServer(keys);
		return server.secure((ssl) -> ssl.sslContext(spec));
	}

	static String describe() {
		if (System.getProperty("bench.keystore") == null) {
			return "http/1.1";
		}
		return Boolean.getBoolean("bench.h2") ? "h2" : "https/1.1";
	}

}
