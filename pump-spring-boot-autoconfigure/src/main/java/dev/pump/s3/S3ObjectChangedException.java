package dev.pump.s3;

/**
 * The object of a download no longer has the ETag that
 * {@link S3DownloadOptions#ifMatch(String)} asked for (S3 answered 412): it was replaced,
 * and the read stream fails with this rather than mix two versions. The cause is the
 * client's exception.
 */
public class S3ObjectChangedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param location the object, as {@code s3://bucket/key}
	 * @param eTag the ETag that was expected
	 * @param cause the client's exception
	 */
	public S3ObjectChangedException(String location, String eTag, Throwable cause) {
		super("Object " + location + " no longer has ETag " + eTag, cause);
	}

}
