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

	private final @Nullable MessageDigest running;

	private FileTusChunk(FileTusUploadStore store, TusUpload upload, AsyncFileWriteStream file,
			@Nullable MessageDigest running) {
		this.store = store;
		this.upload = upload;
		this.file = file;
		this.running = running;
	}

	static FileTusChunk open(FileTusUploadStore store, TusUpload upload, long contentLength,
			@Nullable TusChecksum checksum, FileThreads threads) throws IOException {
		FileWriteOptions options = FileWriteOptions.defaults().append().threads(threads);
		if (contentLength >= 0 && upload.offset() + contentLength == upload.length()) {
			// The chunk that should end the upload: its bytes are forced in the
			// background
			// as they are written, as a PUT's are, rather than all at publication.
			options = options.forceOnEnd();
		}
		AsyncFileWriteStream file = AsyncFileWriteStream.open(store.dataFile(upload.id()), options);
		MessageDigest running = (upload.offset() == 0) ? sha256() : store.digestAt(upload.id(), upload.offset());
		if (checksum != null || running != null) {
			file.writeObserver((bytes) -> {
				if (checksum != null) {
					checksum.update(bytes);
				}
				if (running != null) {
					running.update(bytes.duplicate());
				}
			});
		}
		return new FileTusChunk(store, upload, file, running);
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
			if (interrupted || this.running == null) {
				// The digest sees bytes just before they are written: after a failure it
				// may be ahead of the file.
				this.store.forgetDigest(this.upload.id());
			}
			else {
				this.store.digestAfter(this.upload.id(), size, this.running);
			}
			forceLater();
			return this.upload.withOffset(size);
		}));
	}

	/**
	 * Start writing the chunk back to disk without waiting for it (the response does
	 * not): so that the force at publication finds little left to do, as a PUT's
	 * background forces do. Nothing depends on it: a crash loses at worst unforced bytes,
	 * and the offset, the file's size, then tells the client what to send again.
	 */
	private void forceLater() {
		Path data = this.store.dataFile(this.upload.id());
		Schedulers.boundedElastic().schedule(() -> {
			try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
				channel.force(false);
			}
			catch (IOException ex) {
				// Gone (published, deleted) or failing: the publication forces anyway.
			}
		});
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
		return (this.running != null) ? HexFormat.of().formatHex(this.running.digest())
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
