package dev.pump.demo.tus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.pump.PumpFactory;
import dev.pump.demo.storage.FileSystemStorage;
import dev.pump.file.FileThreads;
import dev.pump.registry.DefaultPumpFactory;
import dev.pump.registry.PumpRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lock a termination holds on an upload, with a store on real files: taken while the
 * deletion runs, free once its result goes on.
 */
class TusPatchesTests {

	@TempDir
	Path directory;

	private FileTusUploadStore store;

	private TusPatches patches;

	@BeforeEach
	void setUp() throws IOException {
		PumpFactory pumps = new DefaultPumpFactory(new PumpRegistry(), 256 * 1024);
		FileSystemStorage storage = new FileSystemStorage(this.directory.resolve("objects"),
				DefaultDataBufferFactory.sharedInstance);
		this.store = new FileTusUploadStore(this.directory.resolve("uploads"), Duration.ofHours(1),
				new TusPublisher(storage, pumps), FileThreads.shared());
		this.patches = new TusPatches(this.store, pumps);
	}

	@Test
	void uploadIsUnlockedWhenTheResultOfItsTerminationGoesOn() {
		TusUpload upload = create();
		// The next request of a client that has its 204, made as the result goes on.
		Mono<Void> deleteTwice = this.patches.terminate(upload.id(), () -> this.store.delete(upload.id()))
			.then(Mono.defer(() -> this.patches.terminate(upload.id(), () -> this.store.delete(upload.id()))));
		deleteTwice.block(Duration.ofSeconds(10));
		assertThat(this.store.load(upload.id()).blockOptional(Duration.ofSeconds(10))).isEmpty();
		assertThat(this.store.dataFile(upload.id())).doesNotExist();
	}

	@Test
	void terminationIsRefusedWhileAnotherHoldsTheLock() {
		TusUpload upload = create();
		Mono<Void> nested = this.patches.terminate(upload.id(),
				() -> this.patches.terminate(upload.id(), () -> this.store.delete(upload.id())));
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> nested.block(Duration.ofSeconds(10)))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(423));
		assertThat(this.store.load(upload.id()).blockOptional(Duration.ofSeconds(10))).isPresent();
		// The refused termination's failure freed the lock it held.
		this.patches.terminate(upload.id(), () -> this.store.delete(upload.id())).block(Duration.ofSeconds(10));
		assertThat(this.store.load(upload.id()).blockOptional(Duration.ofSeconds(10))).isEmpty();
	}

	private TusUpload create() {
		TusUpload upload = this.store.create("a/b.txt", 10, "", Instant.now().plus(Duration.ofHours(1)))
			.block(Duration.ofSeconds(10));
		assertThat(upload).isNotNull();
		return upload;
	}

}
