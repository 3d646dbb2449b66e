package dev.pump.demo.storage.s3;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/**
 * An HTTP client for the S3 client that can hold the requests it is given: while held, a
 * request waits, unsent, until {@link #release()}, as behind an S3 that does not answer
 * yet. Nothing blocks: the request is sent by the thread that releases it.
 */
final class HeldHttpClient implements SdkAsyncHttpClient {

	private final SdkAsyncHttpClient delegate;

	private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

	HeldHttpClient(SdkAsyncHttpClient delegate) {
		this.delegate = delegate;
	}

	/**
	 * Hold the requests given from now on.
	 */
	void hold() {
		this.gate = new CompletableFuture<>();
	}

	/**
	 * Send the requests held, and every later one at once.
	 */
	void release() {
		this.gate.complete(null);
	}

	@Override
	public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
		return this.gate.thenCompose((released) -> this.delegate.execute(request));
	}

	@Override
	public String clientName() {
		return this.delegate.clientName();
	}

	@Override
	public void close() {
		release();
		this.delegate.close();
	}

}
