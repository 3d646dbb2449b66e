/**
 * The library's S3 upload against the AWS SDK's own ways of streaming a body of unknown
 * length, each in a JVM of its own, against s3proxy on loopback.
 */
@NullMarked
package dev.pump.benchmarks.s3;

import org.jspecify.annotations.NullMarked;
