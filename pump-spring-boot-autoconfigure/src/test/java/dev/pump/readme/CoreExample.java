package dev.pump.readme;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.pump.Pump;
import dev.pump.memory.InMemoryReadStream;
import dev.pump.memory.InMemoryWriteStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first example, "The core".
 */
final class CoreExample {

	private CoreExample() {
	}

	static Pump pumpInMemory() {
		InMemoryReadStream<byte[]> source = new InMemoryReadStream<>();
		InMemoryWriteStream<byte[]> destination = new InMemoryWriteStream<>();
		Pump pump = Pump.pump(source, destination, 64 * 1024).start();
		pump.completion().subscribe((bytes) -> System.out.println(bytes + " bytes pumped"));
		source.push("hello".getBytes(StandardCharsets.UTF_8)).end(); // pushed, then ended
		List<byte[]> written = destination.takeAll(); // taken: now end() completes
		assertThat(written).hasSize(1);
		return pump;
	}

}
