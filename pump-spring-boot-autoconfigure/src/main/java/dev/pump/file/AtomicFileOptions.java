package dev.pump.file;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Options of an {@link AtomicFileWriteStream}, an immutable value: each method returns a
 * copy with one option changed, for example
 * {@code AtomicFileOptions.defaults().replaceExisting(false).digestAlgorithm("SHA-256")}.
 */
public final class AtomicFileOptions {

	private static final AtomicFileOptions DEFAULTS = new AtomicFileOptions(true, null, null,
			FileWriteOptions.defaults());

	private final boolean replaceExisting;

	private final @Nullable Path temporaryDirectory;

	private final @Nullable String digestAlgorithm;

	private final FileWriteOptions writeOptions;

	private AtomicFileOptions(boolean replaceExisting, @Nullable Path temporaryDirectory,
			@Nullable String digestAlgorithm, FileWriteOptions writeOptions) {
		this.replaceExisting = replaceExisting;
		this.temporaryDirectory = temporaryDirectory;
		this.digestAlgorithm = digestAlgorithm;
		this.writeOptions = writeOptions;
	}

	/**
	 * Return the defaults: replace an existing file, write the temporary file beside the
	 * target, no digest.
	 * @return the default options
	 */
	public static AtomicFileOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Set whether publishing replaces a file already at the target; if not, {@code end()}
	 * fails with a {@link java.nio.file.FileAlreadyExistsException} instead.
	 * @param replaceExisting whether to replace
	 * @return the options with that choice
	 */
	public AtomicFileOptions replaceExisting(boolean replaceExisting) {
		return new AtomicFileOptions(replaceExisting, this.temporaryDirectory, this.digestAlgorithm, this.writeOptions);
	}

	/**
	 * Set the directory of the temporary file. It must be on the file system of the
	 * target, for the rename to be atomic; a directory of its own makes the leftovers of
	 * a crash easy to find and delete.
	 * @param directory the directory, or {@code null} for the target's directory
	 * @return the options with that directory
	 */
	public AtomicFileOptions temporaryDirectory(@Nullable Path directory) {
		return new AtomicFileOptions(this.replaceExisting, directory, this.digestAlgorithm, this.writeOptions);
	}

	/**
	 * Set a digest to compute of the content, on the thread that writes the file (not on
	 * the caller's): {@link AtomicFileWriteStream#digest()} gives it once {@code end()}
	 * has completed.
	 * @param algorithm a {@link java.security.MessageDigest} algorithm such as
	 * {@code SHA-256}, or {@code null} for none
	 * @return the options with that digest
	 */
	public AtomicFileOptions digestAlgorithm(@Nullable String algorithm) {
		return new AtomicFileOptions(this.replaceExisting, this.temporaryDirectory, algorithm, this.writeOptions);
	}

	/**
	 * Set how the temporary file is written: its threads, its background forces. The
	 * temporary file is always forced before it is published and deleted on abort,
	 * whatever these options say.
	 * @param writeOptions the options of the file write stream
	 * @return the options with those
	 */
	public AtomicFileOptions writeOptions(FileWriteOptions writeOptions) {
		return new AtomicFileOptions(this.replaceExisting, this.temporaryDirectory, this.digestAlgorithm,
				Objects.requireNonNull(writeOptions, "writeOptions"));
	}

	/**
	 * Return the options of the temporary file's write stream, as given.
	 * @return the write options
	 */
	public FileWriteOptions writeOptions() {
		return this.writeOptions;
	}

	/**
	 * Whether publishing replaces an existing file.
	 * @return {@code true} by default
	 */
	public boolean replaceExisting() {
		return this.replaceExisting;
	}

	/**
	 * Return the directory of the temporary file.
	 * @return the directory, or {@code null} for the target's directory
	 */
	public @Nullable Path temporaryDirectory() {
		return this.temporaryDirectory;
	}

	/**
	 * Return the digest algorithm.
	 * @return the algorithm, or {@code null} for none
	 */
	public @Nullable String digestAlgorithm() {
		return this.digestAlgorithm;
	}

}
