package dev.pump.web;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * A real WebFlux server on a random port of 127.0.0.1: Reactor Netty with Spring's
 * adapter, running a plain {@link HttpHandler}.
 */
final class TestHttpServer implements AutoCloseable {

	private final DisposableServer server;

	TestHttpServer(HttpHandler handler) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
	}

	int port() {
		return this.server.port();
	}

	String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
