package dev.pump.web;

import java.io.IOException;
import java.nio.channels.FileChannel;

import org.jspecify.annotations.Nullable;

/**
 * A file opened for one response, closed exactly once by whoever holds it last: the
 * stream that claims it, or the response when it ends before any stream did. The end may
 * come from another thread at any time, a cancelled request even while the file is being
 * opened: the file is then closed as soon as it is open, never left open, and never
 * closed under a stream that reads it.
 */
final class ClaimableFile {

	private @Nullable FileChannel channel;

	// Whether a stream claimed the file or the response ended: no one else may close it.
	private boolean settled;

	private boolean released;

	ClaimableFile() {
	}

	ClaimableFile(FileChannel channel) {
		this.channel = channel;
	}

	/**
	 * Hold a file just opened; closed at once if the response has already ended.
	 * @param channel the file
	 * @return the file
	 */
	synchronized FileChannel opened(FileChannel channel) {
		this.channel = channel;
		if (this.settled) {
			closeQuietly(channel);
		}
		return channel;
	}

	/**
	 * Whether the response has ended before any stream claimed the file.
	 * @return {@code true} once {@link #release()} has closed the file
	 */
	synchronized boolean released() {
		return this.released;
	}

	/**
	 * Hand the file to a stream, which closes it from now on.
	 * @return the file, or {@code null} if the response has ended and closed it
	 */
	synchronized @Nullable FileChannel claim() {
		if (this.settled) {
			return null;
		}
		this.settled = true;
		return this.channel;
	}

	/**
	 * The response has ended: close the file unless a stream has claimed it.
	 */
	synchronized void release() {
		if (!this.settled) {
			this.settled = true;
			this.released = true;
			if (this.channel != null) {
				closeQuietly(this.channel);
			}
		}
	}

	static void closeQuietly(FileChannel file) {
		try {
			file.close();
		}
		catch (IOException ex) {
			// Only read from: a failed close loses nothing.
		}
	}

}
