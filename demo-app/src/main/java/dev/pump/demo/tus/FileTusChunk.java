package dev.pump.demo.tus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.pump.WriteStream;
import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A chunk appended to an upload's data file, unforced: its offset is the file's size. A
 * chunk that is discarded, or whose publication fails, is cut off the file again. A chunk
 * that makes a whole upload from offset 0 (one PATCH) computes the upload's SHA-256 on
 * the writing thread, so that the publication does not read the file again.
 */
final class FileTusChunk implements TusChunk {

	private final FileTusUploadStore store;

	private final TusUpload upload;

	private final AsyncFileWriteStream file;

	private final @Nullable MessageDigest wholeUpload;

	private FileTusChunk(FileTusUploadStore store, TusUpload upload, AsyncFileWriteStream file,
			@Nullable MessageDigest wholeUpload) {
		this.store = store;
		this.upload = upload;
		this.file = file;
		this.wholeUpload = wholeUpload;
	}

	static FileTusChunk open(FileTusUploadStore store, TusUpload upload, @Nullable TusChecksum checksum,
			FileThreads threads) throws IOException {
		AsyncFileWriteStream file = AsyncFileWriteStream.open(store.dataFile(upload.id()),
				FileWriteOptions.defaults().append().threads(threads));
		MessageDigest wholeUpload = (upload.offset() == 0 && !upload.isLengthDeferred()) ? sha256() : null;
		if (checksum != null || wholeUpload != null) {
			file.writeObserver((bytes) -> {
				if (checksum != null) {
					checksum.update(bytes);
				}
				if (wholeUpload != null) {
					wholeUpload.update(bytes.duplicate());
				}
			});
		}
		return new FileTusChunk(store, upload, file, wholeUpload);
	}

	@Override
	public WriteStream<DataBuffer> stream() {
		return this.file;
	}

	@Override
	public Mono<TusUpload> keep(boolean interrupted) {
		return closed().then(blocking(() -> {
			long size = this.upload.offset() + this.file.bytesWritten();
			if (interrupted && !this.upload.isLengthDeferred() && size >= this.upload.length()) {
				// Only a publication completes an upload.
				size = this.upload.length() - 1;
				this.store.truncate(this.upload.id(), size);
			}
			return this.upload.withOffset(size);
		}));
	}

	@Override
	public Mono<TusUpload> discard() {
		return closed().then(blocking(() -> {
			this.store.truncate(this.upload.id(), this.upload.offset());
			return this.upload;
		}));
	}

	@Override
	public Mono<TusUpload> publish() {
		TusUpload complete = this.upload.withOffset(this.upload.length());
		Path data = this.store.dataFile(this.upload.id());
		return closed().then(blocking(() -> forceAndDigest(data)))
			.flatMap((sha256) -> this.store.publisher().publish(complete, data, sha256))
			.flatMap((published) -> blocking(() -> {
				this.store.saveComplete(published);
				return published;
			}))
			// The last chunk counts only once the object is published: when that fails (a
			// full storage, a key clash), the client sends it again.
			.onErrorResume((failure) -> discard().then(Mono.error(failure)));
	}

	private String forceAndDigest(Path data) throws IOException {
		// The only force of an upload's bytes: before they become an object.
		try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		return (this.wholeUpload != null) ? HexFormat.of().formatHex(this.wholeUpload.digest())
				: TusPublisher.sha256(data, this.upload.length());
	}

	private Mono<Void> closed() {
		// An aborted stream completes its end once its channel is closed: no write lands
		// after the size is read.
		return Mono.fromFuture(this.file::end).onErrorResume((ignored) -> Mono.empty());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static <T> Mono<T> blocking(FileTusUploadStore.IoCallable<T> work) {
		return Mono.fromCallable(work::call).subscribeOn(Schedulers.boundedElastic());
	}

}
