package dev.pump.s3;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Work an application does once every byte of an upload is in S3, just before the object
 * is made visible: for example writing a companion object (a digest, an index entry) that
 * readers of the object must find.
 *
 * <p>
 * It may also give the object metadata known only at the end (a digest of the content),
 * when the object is stored with one {@code PutObject}: the metadata of a multipart
 * object is fixed when the upload is created, from {@link S3UploadOptions#metadata()}.
 */
@FunctionalInterface
public interface S3PublishHook {

	/**
	 * Prepare the publication. Called once, on a thread of the stream or of the client;
	 * it must not block.
	 * @param multipart whether the object is completed from parts (its metadata is
	 * already fixed) rather than stored with one {@code PutObject}
	 * @param metadata the metadata of the options
	 * @return a future of the metadata of an object stored with one {@code PutObject}
	 * (usually {@code metadata} plus entries known only now; ignored for a multipart
	 * object). The object is published once it completes; if it fails, the upload is
	 * aborted and {@code end()} fails with its failure
	 */
	CompletableFuture<Map<String, String>> prepare(boolean multipart, Map<String, String> metadata);

}
