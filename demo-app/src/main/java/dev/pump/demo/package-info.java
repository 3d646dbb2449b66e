/**
 * The upload-to-storage service.
 */
@NullMarked
package dev.pump.demo;

import org.jspecify.annotations.NullMarked;
