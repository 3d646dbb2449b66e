/**
 * Resumable uploads with the tus 1.0 protocol at {@code /uploads/}: an upload is written
 * PATCH by PATCH to a partial file, then published to the storage as one object.
 */
@NullMarked
package dev.pump.demo.tus;

import org.jspecify.annotations.NullMarked;
