/**
 * Tests of the S3 streams against a real S3 API server, and their support.
 */
@NullMarked
package dev.pump.s3;

import org.jspecify.annotations.NullMarked;
