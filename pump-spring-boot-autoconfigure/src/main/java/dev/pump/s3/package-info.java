/**
 * S3 streams on the AWS SDK for Java v2 (an optional dependency): {@link S3Streams}
 * uploads a {@link dev.pump.WriteStream} of buffers into an object with bounded memory,
 * and downloads an object, or a range of it, as a flow-controlled
 * {@link dev.pump.ReadStream}.
 */
@NullMarked
package dev.pump.s3;

import org.jspecify.annotations.NullMarked;
