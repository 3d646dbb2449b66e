package dev.pump.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The rename that publishes a temporary file at its target, and the clean-up when it is
 * abandoned.
 *
 * @param temporary the temporary file
 * @param target the target
 * @param replaceExisting whether to replace a file at the target
 */
record FilePublication(Path temporary, Path target, boolean replaceExisting) {

	private static final int ATTEMPTS = 3;

	/**
	 * Rename the temporary file to the target atomically, creating the target's
	 * directories if needed, then force the directory so that the rename is durable.
	 * @throws FileAlreadyExistsException if the target is a directory, or a file and
	 * existing files are not replaced
	 * @throws IOException if the rename fails
	 */
	void publish() throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				moveIntoPlace();
				break;
			}
			catch (NoSuchFileException ex) {
				// Someone pruned the target's empty directory meanwhile: try again.
				if (attempt >= ATTEMPTS || !Files.exists(this.temporary)) {
					throw ex;
				}
			}
		}
		forceDirectory(this.target.toAbsolutePath().getParent());
	}

	private void moveIntoPlace() throws IOException {
		if (Files.isDirectory(this.target, LinkOption.NOFOLLOW_LINKS)) {
			// A move with REPLACE_EXISTING would replace an empty directory.
			throw new FileAlreadyExistsException(this.target.toString(), null, "is a directory");
		}
		Files.createDirectories(this.target.toAbsolutePath().getParent());
		if (this.replaceExisting) {
			Files.move(this.temporary, this.target, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		else {
			// A rename may replace silently; a hard link refuses an existing target.
			try {
				Files.createLink(this.target, this.temporary);
				Files.delete(this.temporary);
			}
			catch (UnsupportedOperationException ex) {
				Files.move(this.temporary, this.target, StandardCopyOption.ATOMIC_MOVE);
			}
		}
	}

	private static void forceDirectory(Path directory) {
		// Not every platform can open a directory: then the rename is as durable as it
		// gets.
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// See above.
		}
	}

	/**
	 * Delete the temporary file, if it is still there.
	 */
	void discard() {
		try {
			Files.deleteIfExists(this.temporary);
		}
		catch (IOException ex) {
			// Best effort: the temporary directory holds nothing else of value.
		}
	}

}
