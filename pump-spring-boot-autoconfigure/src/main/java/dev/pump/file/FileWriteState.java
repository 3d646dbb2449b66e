package dev.pump.file;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * The one state machine of an {@link AsyncFileWriteStream}, changed by compare-and-set
 * only, and the future of its end that the terminal states complete.
 *
 * <pre>
 * OPEN ──end()──▶ ENDING ──last write──▶ CLOSING ──force, close──▶ ENDED
 *   │               │                       │
 *   ├───────────────┴───────I/O error───────┴──▶ FAILED
 *   └───────────────┴──────────abort()──────┴──▶ ABORTED ◀──abort()── FAILED
 * </pre>
 *
 * {@code CLOSING} tells the end's close apart from the end's request, so that only one
 * thread closes. An abort after a failure still undoes the output (deletes the file); an
 * abort after the end changes nothing: the file is complete.
 */
final class FileWriteState {

	private static final AtomicReferenceFieldUpdater<FileWriteState, Status> STATUS = AtomicReferenceFieldUpdater
		.newUpdater(FileWriteState.class, Status.class, "status");

	private static final Status OPEN = new Status(Phase.OPEN, null);

	private static final Status ENDING = new Status(Phase.ENDING, null);

	private static final Status CLOSING = new Status(Phase.CLOSING, null);

	private static final Status ENDED = new Status(Phase.ENDED, null);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private volatile Status status = OPEN;

	/**
	 * Return the current status.
	 * @return the status
	 */
	Status status() {
		return this.status;
	}

	/**
	 * Return the future of the end: completed by {@link #closed()} and {@link #fail},
	 * failed by the abort's undo.
	 * @return the future
	 */
	CompletableFuture<Void> ended() {
		return this.ended;
	}

	/**
	 * Record that the end was asked for.
	 */
	void end() {
		STATUS.compareAndSet(this, OPEN, ENDING);
	}

	/**
	 * Move from ending to closing, once.
	 * @return whether the caller must close
	 */
	boolean startClosing() {
		return STATUS.compareAndSet(this, ENDING, CLOSING);
	}

	/**
	 * Complete the end, unless a failure or an abort came first.
	 * @return whether the end succeeded
	 */
	boolean closed() {
		if (STATUS.compareAndSet(this, CLOSING, ENDED)) {
			this.ended.complete(null);
			return true;
		}
		return false;
	}

	/**
	 * Fail the stream, unless it ended, failed or was aborted already.
	 * @param failure the failure
	 * @return whether this call failed it
	 */
	boolean fail(Throwable failure) {
		for (Status current = this.status; current.phase().isLive(); current = this.status) {
			if (STATUS.compareAndSet(this, current, new Status(Phase.FAILED, failure))) {
				this.ended.completeExceptionally(failure);
				return true;
			}
		}
		return false;
	}

	/**
	 * Abort the stream, unless it ended or was aborted already.
	 * @param cause the cause of the abort
	 * @return whether the caller must undo the output
	 */
	boolean abort(Throwable cause) {
		for (Status current = this.status; current.phase().isLive()
				|| current.phase() == Phase.FAILED; current = this.status) {
			if (STATUS.compareAndSet(this, current, new Status(Phase.ABORTED, cause))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The phases of a stream.
	 */
	enum Phase {

		/** Taking writes. */
		OPEN,

		/** The end was asked for: writing what is queued. */
		ENDING,

		/** Everything is written: forcing and closing. */
		CLOSING,

		/** Ended: everything written, forced if asked, and closed. */
		ENDED,

		/** An I/O error: what is queued is dropped. */
		FAILED,

		/** Aborted: what is queued is dropped and the output undone. */
		ABORTED;

		boolean isLive() {
			return this == OPEN || this == ENDING || this == CLOSING;
		}

	}

	/**
	 * A phase and, for {@code FAILED} and {@code ABORTED}, its cause.
	 *
	 * @param phase the phase
	 * @param cause the failure or the cause of the abort
	 */
	record Status(Phase phase, @Nullable Throwable cause) {

		/**
		 * Whether writes are dropped: the stream failed or was aborted.
		 * @return {@code true} if failed or aborted
		 */
		boolean dropsWrites() {
			return this.phase == Phase.FAILED || this.phase == Phase.ABORTED;
		}

	}

}
