package dev.pump.s3;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Queue;
import java.util.Set;

import dev.pump.s3.PartBuilder.Part;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link PartBuilder} cuts written bytes into parts and reuses the segments of
 * acknowledged parts.
 */
class PartBuilderTests {

	private static final int PART_SIZE = 1024 * 1024 + 3;

	private final Queue<Part> ready = new ArrayDeque<>();

	private final PartBuilder builder = new PartBuilder(PART_SIZE, this.ready);

	@Test
	void partsHoldTheWrittenBytesInOrderAndTheLastOneTheRest() {
		byte[] content = content(3 * PART_SIZE + 1000);
		writeInChunks(content, 7919);
		assertThat(this.builder.finish()).isNull();
		assertThat(this.ready).extracting(Part::number).containsExactly(1, 2, 3, 4);
		assertThat(this.ready).extracting(Part::size).containsExactly(PART_SIZE, PART_SIZE, PART_SIZE, 1000);
		assertThat(concat(this.ready.toArray(new Part[0]))).isEqualTo(content);
	}

	@Test
	void anObjectSmallerThanAPartIsOneBodyAndNoPart() {
		byte[] content = content(100_000);
		writeInChunks(content, 4096);
		ByteBuffer[] whole = this.builder.finish();
		assertThat(whole).isNotNull();
		assertThat(this.ready).isEmpty();
		assertThat(bytes(whole)).isEqualTo(content);
	}

	@Test
	void recycledSegmentsCarryTheNextPartsWithoutNewOnesAndWithTheRightBytes() {
		byte[] first = content(2 * PART_SIZE);
		writeInChunks(first, 65536);
		Part one = this.ready.remove();
		Part two = this.ready.remove();
		assertThat(concat(one, two)).isEqualTo(first);
		this.builder.recycle(one);
		this.builder.recycle(two);
		Set<ByteBuffer> recycled = identitySet(one.segments());
		recycled.addAll(Arrays.asList(two.segments()));

		byte[] second = content(2 * PART_SIZE);
		second[0] = 42;
		writeInChunks(second, 65536);
		Part three = this.ready.remove();
		Part four = this.ready.remove();
		assertThat(concat(three, four)).isEqualTo(second);
		Set<ByteBuffer> reused = identitySet(three.segments());
		reused.addAll(Arrays.asList(four.segments()));
		assertThat(recycled).containsAll(reused);
		assertThat(three.segments()).allMatch(ByteBuffer::isDirect);
	}

	private void writeInChunks(byte[] content, int chunk) {
		for (int offset = 0; offset < content.length; offset += chunk) {
			int length = Math.min(chunk, content.length - offset);
			DataBuffer buffer = DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(content, offset, offset + length));
			this.builder.append(buffer);
			assertThat(buffer.readableByteCount()).isZero();
		}
	}

	private static byte[] content(int size) {
		byte[] content = new byte[size];
		for (int i = 0; i < size; i++) {
			content[i] = (byte) (i * 31 + (i >> 11));
		}
		return content;
	}

	private static byte[] concat(Part... parts) {
		int size = Arrays.stream(parts).mapToInt(Part::size).sum();
		ByteBuffer all = ByteBuffer.allocate(size);
		for (Part part : parts) {
			all.put(bytes(part.body()));
		}
		return all.array();
	}

	private static byte[] bytes(ByteBuffer[] body) {
		int size = Arrays.stream(body).mapToInt(ByteBuffer::remaining).sum();
		ByteBuffer all = ByteBuffer.allocate(size);
		for (ByteBuffer buffer : body) {
			all.put(buffer.duplicate());
		}
		return all.array();
	}

	private static Set<ByteBuffer> identitySet(ByteBuffer[] buffers) {
		Set<ByteBuffer> set = Collections.newSetFromMap(new IdentityHashMap<>());
		set.addAll(Arrays.asList(buffers));
		return set;
	}

}
