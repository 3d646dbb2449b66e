/**
 * Test support: a tracking buffer factory and leak detection that fails tests.
 */
@NullMarked
package dev.pump.test;

import org.jspecify.annotations.NullMarked;
