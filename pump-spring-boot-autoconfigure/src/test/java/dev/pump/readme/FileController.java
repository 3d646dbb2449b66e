package dev.pump.readme;

import java.io.IOException;
import java.nio.file.Path;

import dev.pump.Pump;
import dev.pump.PumpFactory;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import dev.pump.registry.ManagedPump;
import dev.pump.web.FileResponseOptions;
import dev.pump.web.FileResponses;
import dev.pump.web.WebStreams;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The README's controller, "An upload and a download endpoint".
 */
@RestController
class FileController {

	private final PumpFactory pumpFactory;

	private final FileWriteOptions uploads;

	private final Path root;

	FileController(PumpFactory pumpFactory, FileThreads fileThreads, @Value("${files.root}") Path root) {
		this.pumpFactory = pumpFactory;
		this.uploads = FileWriteOptions.defaults().forceOnEnd().deleteOnAbort().threads(fileThreads);
		this.root = root.toAbsolutePath().normalize();
	}

	@PutMapping("/files/{name}")
	Mono<Void> upload(@PathVariable String name, ServerHttpRequest request) throws IOException {
		Pump pump = this.pumpFactory.create("upload", WebStreams.requestBody(request),
				AsyncFileWriteStream.open(file(name), this.uploads));
		// The total, for a progress bar:
		ManagedPump.expectBytes(pump, request.getHeaders().getContentLength());
		return pump.start().completion().then();
	}

	@GetMapping("/files/{name}") // HEAD too
	Mono<Void> download(@PathVariable String name, ServerWebExchange exchange) {
		return FileResponses.serve(this.pumpFactory, exchange, file(name), FileResponseOptions.defaults());
	}

	private Path file(String name) {
		Path file = this.root.resolve(name).normalize();
		if (!file.getParent().equals(this.root)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Bad file name");
		}
		return file;
	}

}
