/**
 * S3-compatible object storage (AWS S3, MinIO, Ceph) for the service, so that several
 * instances behind a load balancer can share one bucket.
 */
@NullMarked
package dev.pump.demo.storage.s3;

import org.jspecify.annotations.NullMarked;
