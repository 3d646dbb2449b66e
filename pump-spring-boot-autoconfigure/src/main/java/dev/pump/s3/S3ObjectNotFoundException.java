package dev.pump.s3;

/**
 * The object of a download does not exist (S3 answered 404): the read stream fails with
 * it. The cause is the client's exception, usually a
 * {@link software.amazon.awssdk.services.s3.model.NoSuchKeyException}.
 */
public class S3ObjectNotFoundException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param location the object, as {@code s3://bucket/key}
	 * @param cause the client's exception
	 */
	public S3ObjectNotFoundException(String location, Throwable cause) {
		super("No such object: " + location, cause);
	}

}
