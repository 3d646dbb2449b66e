package dev.pump.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * The transports a download may take, each a real Reactor Netty server on a random port
 * of 127.0.0.1 and a client that speaks to it. TLS uses a self-signed certificate that
 * {@code keytool} generates once per run.
 */
enum Transport {

	/** HTTP/1.1 without TLS or compression: the zero-copy route. */
	PLAIN(false),

	/** HTTP/1.1 over TLS. */
	TLS(true),

	/** HTTP/2 over TLS. */
	H2(true),

	/** HTTP/2 without TLS, with prior knowledge. */
	H2C(false),

	/** HTTP/1.1 with gzip compression of every response. */
	COMPRESSED(false);

	private static final String PASSWORD = "changeit";

	private static volatile KeyManagerFactory keyManagers;

	private final boolean secure;

	Transport(boolean secure) {
		this.secure = secure;
	}

	DisposableServer start(HttpHandler handler) {
		HttpServer server = HttpServer.create().host("127.0.0.1").port(0);
		server = switch (this) {
			case PLAIN -> server;
			case TLS -> server.secure((spec) -> spec
				.sslContext((GenericSslContextSpec<?>) Http11SslContextSpec.forServer(keyManagers())));
			case H2 -> server.protocol(HttpProtocol.H2)
				.secure((spec) -> spec
					.sslContext((GenericSslContextSpec<?>) Http2SslContextSpec.forServer(keyManagers())));
			case H2C -> server.protocol(HttpProtocol.H2C);
			case COMPRESSED -> server.compress(true);
		};
		return server.handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
	}

	HttpClient client() {
		HttpClient client = HttpClient.create();
		return switch (this) {
			case PLAIN -> client;
			case TLS ->
				client.secure((spec) -> spec.sslContext((GenericSslContextSpec<?>) Http11SslContextSpec.forClient()
					.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
			case H2 -> client.protocol(HttpProtocol.H2)
				.secure((spec) -> spec.sslContext((GenericSslContextSpec<?>) Http2SslContextSpec.forClient()
					.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
			case H2C -> client.protocol(HttpProtocol.H2C);
			case COMPRESSED -> client.compress(true);
		};
	}

	String url(DisposableServer server, String path) {
		return (this.secure ? "https" : "http") + "://127.0.0.1:" + server.port() + path;
	}

	private static synchronized KeyManagerFactory keyManagers() {
		if (keyManagers == null) {
			keyManagers = generate();
		}
		return keyManagers;
	}

	private static KeyManagerFactory generate() {
		try {
			Path directory = Files.createTempDirectory("pump-tls");
			Path keyStore = directory.resolve("server.p12");
			Process keytool = new ProcessBuilder(
					List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
							"-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1", "-dname",
							"CN=localhost", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
							keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
				.redirectErrorStream(true)
				.start();
			String output = new String(keytool.getInputStream().readAllBytes());
			if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				store.load(in, PASSWORD.toCharArray());
			}
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, PASSWORD.toCharArray());
			return factory;
		}
		catch (IOException | InterruptedException | java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a self-signed certificate", ex);
		}
	}

}
