package dev.pump.s3;

import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * An object of a bucket, and the client that reaches it.
 *
 * @param client the client
 * @param bucket the bucket
 * @param key the key
 */
record S3Target(S3AsyncClient client, String bucket, String key) {

	@Override
	public String toString() {
		return "s3://" + this.bucket + "/" + this.key;
	}

}
