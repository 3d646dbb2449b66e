package dev.pump.demo.tus;

import dev.pump.WriteStream;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * One chunk of an upload being written, from its upload's offset on. Once its stream has
 * ended or been aborted, exactly one of {@link #keep}, {@link #discard} or
 * {@link #publish} settles it.
 */
interface TusChunk {

	/**
	 * Return the stream that receives the chunk.
	 * @return the stream
	 */
	WriteStream<DataBuffer> stream();

	/**
	 * Count the bytes of the chunk that reached storage. An interrupted chunk never
	 * completes an upload: at worst the client sends its last byte again.
	 * @param interrupted whether the stream was aborted
	 * @return the upload at its new offset, saved
	 */
	Mono<TusUpload> keep(boolean interrupted);

	/**
	 * Drop the chunk (a checksum mismatch, or an interrupted chunk with a checksum).
	 * @return the upload at its old offset
	 */
	Mono<TusUpload> discard();

	/**
	 * Publish the upload, which the chunk completes, as an object under its key with its
	 * SHA-256, exactly as a {@code PUT} would. If that fails, the chunk is discarded, so
	 * that the client sends it again.
	 * @return the complete upload
	 */
	Mono<TusUpload> publish();

}
