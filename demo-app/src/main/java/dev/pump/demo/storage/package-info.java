/**
 * Where uploaded objects live: the {@link dev.pump.demo.storage.Storage} abstraction, its
 * filesystem implementation and a throttling decorator.
 */
@NullMarked
package dev.pump.demo.storage;

import org.jspecify.annotations.NullMarked;
