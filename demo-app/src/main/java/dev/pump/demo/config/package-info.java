/**
 * Configuration of the service: the {@code demo.*} properties and the storage bean.
 */
@NullMarked
package dev.pump.demo.config;

import org.jspecify.annotations.NullMarked;
