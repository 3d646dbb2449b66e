package dev.pump.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.PumpRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.handler.ResponseStatusExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditional and range requests to {@link FileResponses#serve} over a real server:
 * {@code If-Range} (RFC 9110 13.1.5), {@code If-Match}, {@code If-None-Match},
 * {@code If-Modified-Since}, {@code If-Unmodified-Since}, several ranges and
 * {@code Range} on {@code HEAD}.
 */
class FileResponsesConditionalIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int SIZE = 3 * 1024 * 1024 + 5;

	private static final String ETAG = "\"v1\"";

	// Not a whole second: Last-Modified and HTTP dates have none.
	private static final Instant LAST_MODIFIED = Instant.parse("2026-01-02T03:04:05.678Z");

	private final PumpRegistry registry = new PumpRegistry();

	private final DefaultPumpFactory pumps = new DefaultPumpFactory(this.registry, 256 * 1024);

	private FileResponseOptions options = FileResponseOptions.defaults().withEtag(ETAG).withLastModified(LAST_MODIFIED);

	@TempDir
	Path directory;

	private byte[] data;

	private DisposableServer server;

	@BeforeEach
	void writeFile() throws IOException {
		this.data = new byte[SIZE];
		ThreadLocalRandom.current().nextBytes(this.data);
		Files.write(this.directory.resolve("file.bin"), this.data);
	}

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@ParameterizedTest
	@EnumSource(value = Transport.class, names = { "PLAIN", "TLS" })
	void ifRangeWithTheStrongEtagSendsTheRange(Transport transport) {
		Response response = get(transport, Map.of("Range", "bytes=10-19", "If-Range", ETAG));
		assertRange(response, 10, 19);
	}

	@Test
	void ifRangeWithAnotherEtagSendsTheWholeFile() {
		assertWholeFile(get(Map.of("Range", "bytes=10-19", "If-Range", "\"v0\"")));
	}

	@Test
	void ifRangeWithAWeakEtagSendsTheWholeFile() {
		assertWholeFile(get(Map.of("Range", "bytes=10-19", "If-Range", "W/" + ETAG)));
	}

	@Test
	void weakEtagOfTheFileNeverMatchesIfRange() {
		this.options = this.options.withEtag("W/" + ETAG);
		assertWholeFile(get(Map.of("Range", "bytes=10-19", "If-Range", "W/" + ETAG)));
	}

	@Test
	void ifRangeWithTheLastModifiedDateSendsTheRange() {
		assertRange(get(Map.of("Range", "bytes=10-19", "If-Range", httpDate(LAST_MODIFIED))), 10, 19);
	}

	@Test
	void ifRangeWithAnotherDateSendsTheWholeFile() {
		assertWholeFile(get(Map.of("Range", "bytes=10-19", "If-Range", httpDate(LAST_MODIFIED.minusSeconds(1)))));
	}

	@Test
	void ifRangeWithADateSendsTheWholeFileWhenTheFileHasNoDate() {
		this.options = this.options.withLastModified(null);
		assertWholeFile(get(Map.of("Range", "bytes=10-19", "If-Range", httpDate(LAST_MODIFIED))));
	}

	@Test
	void malformedIfRangeSendsTheWholeFile() {
		assertWholeFile(get(Map.of("Range", "bytes=10-19", "If-Range", "yesterday")));
	}

	@Test
	void ifRangeThatDoesNotMatchSendsTheWholeFileForAnUnsatisfiableRange() {
		assertWholeFile(get(Map.of("Range", "bytes=" + SIZE + "-", "If-Range", "\"v0\"")));
	}

	@Test
	void ifRangeThatMatchesKeepsAnUnsatisfiableRangeUnsatisfiable() {
		Response response = get(Map.of("Range", "bytes=" + SIZE + "-", "If-Range", ETAG));
		assertThat(response.status()).isEqualTo(416);
		assertThat(response.headers().get("Content-Range")).isEqualTo("bytes */" + SIZE);
	}

	@Test
	void ifModifiedSinceTheLastModifiedDateIsNotModified() {
		Response response = get(Map.of("If-Modified-Since", httpDate(LAST_MODIFIED)));
		assertThat(response.status()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
		assertThat(this.registry.recent()).isEmpty();
	}

	@Test
	void ifModifiedSinceALaterDateIsNotModified() {
		assertThat(get(Map.of("If-Modified-Since", httpDate(LAST_MODIFIED.plusSeconds(3600)))).status()).isEqualTo(304);
	}

	@Test
	void ifModifiedSinceAnEarlierDateSendsTheFile() {
		Response response = get(Map.of("If-Modified-Since", httpDate(LAST_MODIFIED.minusSeconds(1))));
		assertWholeFile(response);
		assertThat(response.headers().get("Last-Modified")).isEqualTo(httpDate(LAST_MODIFIED));
	}

	@Test
	void ifNoneMatchAnyIsNotModifiedForAFileThatExists() {
		Response response = get(Map.of("If-None-Match", "*"));
		assertThat(response.status()).isEqualTo(304);
		assertThat(response.headers().get("ETag")).isEqualTo(ETAG);
		assertThat(this.registry.recent()).isEmpty();
	}

	@Test
	void ifMatchWithTheEtagSendsTheRange() {
		assertRange(get(Map.of("Range", "bytes=10-19", "If-Match", "\"v0\", " + ETAG)), 10, 19);
	}

	@Test
	void ifMatchWithAWeakEtagFailsThePrecondition() {
		assertThat(get(Map.of("If-Match", "W/" + ETAG)).status()).isEqualTo(412);
	}

	@Test
	void ifMatchWithAnotherEtagFailsThePrecondition() {
		Response response = get(Map.of("If-Match", "\"v0\""));
		assertThat(response.status()).isEqualTo(412);
		assertThat(response.body()).isEmpty();
		assertThat(this.registry.recent()).isEmpty();
	}

	@Test
	void ifUnmodifiedSinceAnEarlierDateFailsThePrecondition() {
		assertThat(get(Map.of("If-Unmodified-Since", httpDate(LAST_MODIFIED.minusSeconds(1)))).status()).isEqualTo(412);
	}

	@Test
	void severalRangesAreAnsweredWithTheWholeFile() {
		assertWholeFile(get(Map.of("Range", "bytes=0-9,20-29")));
	}

	@Test
	void headIgnoresRange() {
		Response response = head(Map.of("Range", "bytes=10-19"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().get("Content-Length")).isEqualTo(String.valueOf(SIZE));
		assertThat(response.headers().get("Content-Range")).isNull();
		assertThat(response.headers().get("Accept-Ranges")).isEqualTo("bytes");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void headIgnoresAnUnsatisfiableRange() {
		Response response = head(Map.of("Range", "bytes=" + SIZE + "-"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().get("Content-Length")).isEqualTo(String.valueOf(SIZE));
	}

	private void assertRange(Response response, int first, int last) {
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.headers().get("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
		assertThat(response.headers().get("Content-Length")).isEqualTo(String.valueOf(last - first + 1));
		assertThat(response.body()).isEqualTo(Arrays.copyOfRange(this.data, first, last + 1));
	}

	private void assertWholeFile(Response response) {
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().get("Content-Range")).isNull();
		assertThat(response.headers().get("Content-Length")).isEqualTo(String.valueOf(SIZE));
		assertThat(response.body()).isEqualTo(this.data);
	}

	private Response get(Map<String, String> headers) {
		return get(Transport.PLAIN, headers);
	}

	private Response get(Transport transport, Map<String, String> headers) {
		this.server = transport.start(handler());
		return exchange(transport.client().headers((request) -> headers.forEach(request::set)).get(),
				transport.url(this.server, "/file.bin"));
	}

	private Response head(Map<String, String> headers) {
		this.server = Transport.PLAIN.start(handler());
		return exchange(Transport.PLAIN.client().headers((request) -> headers.forEach(request::set)).head(),
				Transport.PLAIN.url(this.server, "/file.bin"));
	}

	private static Response exchange(HttpClient.ResponseReceiver<?> request, String url) {
		return request.uri(url)
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Response(response.status().code(), response.responseHeaders(), bytes)))
			.block(TIMEOUT);
	}

	private HttpHandler handler() {
		return WebHttpHandlerBuilder
			.webHandler((exchange) -> FileResponses.serve(this.pumps, exchange,
					this.directory.resolve(exchange.getRequest().getPath().value().substring(1)), this.options))
			.exceptionHandler(new ResponseStatusExceptionHandler())
			.build();
	}

	/**
	 * Format an HTTP date as Spring sends one (IMF-fixdate).
	 */
	private static String httpDate(Instant instant) {
		org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
		headers.setLastModified(instant);
		return headers.getFirst(org.springframework.http.HttpHeaders.LAST_MODIFIED);
	}

	private record Response(int status, HttpHeaders headers, byte[] body) {

	}

}
