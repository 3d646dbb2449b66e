/**
 * Test support, shipped in the test-jar: a tracking buffer factory, leak detection that
 * fails tests, and the stream contract kit
 * ({@link dev.pump.test.ReadStreamContractTests},
 * {@link dev.pump.test.WriteStreamContractTests}) that every stream's tests extend.
 */
@NullMarked
package dev.pump.test;

import org.jspecify.annotations.NullMarked;
