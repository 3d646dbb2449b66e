package dev.pump.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.pump.WriteQueueSize;
import dev.pump.WriteStream;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A {@link WriteStream} that publishes a file atomically: readers of the target see the
 * previous file or the whole new one, never a part, and a failed or aborted write leaves
 * nothing behind.
 *
 * <h2>How</h2> The content goes to a temporary file (beside the target, or in
 * {@link AtomicFileOptions#temporaryDirectory(Path)}), written by an
 * {@link AsyncFileWriteStream} with all its queueing, gathering and threads.
 * {@link #end()} forces it to the device, renames it over the target with
 * {@code ATOMIC_MOVE} (creating the target's directories if needed), forces the
 * directory, and only then completes. The rename runs on the thread that forced the file,
 * never on the caller's. A failure at any step deletes the temporary file and fails
 * {@code end()}; so does {@link #abort(Throwable)} before the rename has started.
 *
 * <h2>Digest</h2> With {@link AtomicFileOptions#digestAlgorithm(String)}, the content is
 * digested on the writing thread, beside the I/O; {@link #digest()} gives the result once
 * {@code end()} has completed.
 *
 * <h2>Buffers</h2> As {@link AsyncFileWriteStream}: written buffers belong to the stream,
 * released once written or dropped.
 */
public final class AtomicFileWriteStream implements WriteStream<DataBuffer>, WriteQueueSize {

	private static final int OPEN = 0;

	private static final int PUBLISHING = 1;

	private static final int ABORTED = 2;

	private final AsyncFileWriteStream file;

	private final FilePublication publication;

	private final @Nullable MessageDigest digest;

	private final AtomicInteger state = new AtomicInteger(OPEN);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final AtomicBoolean endCalled = new AtomicBoolean();

	private volatile @Nullable Consumer<ByteBuffer> writeObserver;

	private volatile byte @Nullable [] digestValue;

	private AtomicFileWriteStream(AsyncFileWriteStream file, FilePublication publication,
			@Nullable MessageDigest digest) {
		this.file = file;
		this.publication = publication;
		this.digest = digest;
		if (digest != null) {
			file.writeObserver(this::observe);
		}
	}

	/**
	 * Open a stream that publishes a file at the target, replacing any file there.
	 * @param target the file to publish
	 * @return the stream
	 * @throws IOException if the temporary file cannot be created
	 */
	public static AtomicFileWriteStream open(Path target) throws IOException {
		return open(target, AtomicFileOptions.defaults());
	}

	/**
	 * Open a stream that publishes a file at the target.
	 * @param target the file to publish
	 * @param options whether to replace, where the temporary file goes, the digest
	 * @return the stream
	 * @throws IOException if the temporary file cannot be created
	 * @throws IllegalArgumentException if the digest algorithm is unknown
	 */
	public static AtomicFileWriteStream open(Path target, AtomicFileOptions options) throws IOException {
		Objects.requireNonNull(target, "target");
		Path directory = (options.temporaryDirectory() != null) ? options.temporaryDirectory()
				: target.toAbsolutePath().getParent();
		Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
		MessageDigest digest = newDigest(options.digestAlgorithm());
		FilePublication publication = new FilePublication(temporary, target, options.replaceExisting());
		return new AtomicFileWriteStream(openTemporary(temporary, options.writeOptions()), publication, digest);
	}

	// The one place that opens the file stream: forced on end, deleted on abort.
	private static AsyncFileWriteStream openTemporary(Path temporary, FileWriteOptions options) throws IOException {
		return AsyncFileWriteStream.open(temporary, options.forceOnEnd().deleteOnAbort());
	}

	private static @Nullable MessageDigest newDigest(@Nullable String algorithm) {
		if (algorithm == null) {
			return null;
		}
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalArgumentException("Unknown digest algorithm: " + algorithm, ex);
		}
	}

	@Override
	public AtomicFileWriteStream write(DataBuffer item) {
		this.file.write(item);
		return this;
	}

	@Override
	public AtomicFileWriteStream setWriteQueueMaxSize(int maxSize) {
		this.file.setWriteQueueMaxSize(maxSize);
		return this;
	}

	@Override
	public boolean writeQueueFull() {
		return this.file.writeQueueFull();
	}

	@Override
	public long writeQueueSize() {
		return this.file.writeQueueSize();
	}

	@Override
	public AtomicFileWriteStream drainHandler(@Nullable Runnable handler) {
		this.file.drainHandler(handler);
		return this;
	}

	@Override
	public AtomicFileWriteStream exceptionHandler(@Nullable Consumer<Throwable> handler) {
		this.file.exceptionHandler(handler);
		return this;
	}

	/**
	 * Set a function that sees every byte written, on the writing thread, as
	 * {@link AsyncFileWriteStream#writeObserver(Consumer)} describes (besides the digest
	 * of the options, which sees them too).
	 * @param observer the observer, or {@code null} to stop observing from the next write
	 * on
	 * @return this stream
	 */
	public AtomicFileWriteStream writeObserver(@Nullable Consumer<ByteBuffer> observer) {
		this.writeObserver = observer;
		this.file.writeObserver((this.digest != null || observer != null) ? this::observe : null);
		return this;
	}

	/**
	 * Return a future that completes once every buffer written before this call is in the
	 * temporary file, as {@link AsyncFileWriteStream#flush()}.
	 * @return the future
	 */
	public CompletableFuture<Void> flush() {
		return this.file.flush();
	}

	@Override
	public CompletableFuture<Void> end() {
		if (!this.endCalled.compareAndSet(false, true)) {
			return this.ended;
		}
		this.file.end().thenRun(this::publish).whenComplete((ignored, failure) -> {
			if (failure != null) {
				this.publication.discard();
				this.ended.completeExceptionally(unwrap(failure));
			}
			else {
				this.ended.complete(null);
			}
		});
		return this.ended;
	}

	@Override
	public void abort(Throwable cause) {
		Objects.requireNonNull(cause, "cause");
		this.file.abort(cause);
		if (this.state.compareAndSet(OPEN, ABORTED)) {
			// The file stream keeps a file it had finished: the temporary file is ours.
			this.publication.discard();
			this.ended.completeExceptionally(cause);
		}
	}

	/**
	 * Return the digest of the content.
	 * @return the digest, once {@code end()} has completed; {@code null} before, or
	 * without a digest algorithm in the options
	 */
	public byte @Nullable [] digest() {
		byte[] value = this.digestValue;
		return (value != null) ? value.clone() : null;
	}

	/**
	 * Return the file this stream publishes.
	 * @return the target
	 */
	public Path target() {
		return this.publication.target();
	}

	/**
	 * Return the temporary file the content goes to until it is published.
	 * @return the temporary file
	 */
	public Path temporaryFile() {
		return this.publication.temporary();
	}

	private void observe(ByteBuffer bytes) {
		MessageDigest digest = this.digest;
		if (digest != null) {
			digest.update(bytes.duplicate());
		}
		Consumer<ByteBuffer> observer = this.writeObserver;
		if (observer != null) {
			observer.accept(bytes.duplicate());
		}
	}

	private void publish() {
		if (!this.state.compareAndSet(OPEN, PUBLISHING)) {
			throw new CompletionException(new IOException("Aborted before publication"));
		}
		MessageDigest digest = this.digest;
		if (digest != null) {
			this.digestValue = digest.digest();
		}
		try {
			this.publication.publish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof UncheckedIOException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
