package dev.pump.s3;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Reads the HTTP status out of the failures of the asynchronous S3 client (for the
 * streams of this package and for applications that call the client themselves), which
 * arrive wrapped in {@link CompletionException}s.
 */
public final class S3Failures {

	private S3Failures() {
	}

	/**
	 * Return the failure without its {@code CompletionException} wrappers.
	 * @param failure the failure
	 * @return the cause that matters
	 */
	public static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * Whether S3 answered 404: no such key (or bucket).
	 * @param failure the failure
	 * @return {@code true} on a 404
	 */
	public static boolean isNotFound(@Nullable Throwable failure) {
		return status(failure) == 404;
	}

	/**
	 * Whether S3 answered 412: an {@code If-Match} condition failed.
	 * @param failure the failure
	 * @return {@code true} on a 412
	 */
	public static boolean isPreconditionFailed(@Nullable Throwable failure) {
		return status(failure) == 412;
	}

	/**
	 * Return the HTTP status S3 answered with.
	 * @param failure the failure
	 * @return the status, or {@code 0} if the failure is not an answer of S3
	 */
	public static int status(@Nullable Throwable failure) {
		if (failure == null) {
			return 0;
		}
		return (unwrap(failure) instanceof AwsServiceException service) ? service.statusCode() : 0;
	}

}
