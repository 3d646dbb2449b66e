/**
 * Tests of the S3 storage against s3proxy.
 */
@NullMarked
package dev.pump.demo.storage.s3;

import org.jspecify.annotations.NullMarked;
