/**
 * Security of the service ({@code demo.security.enabled}): JWT bearer tokens with scopes
 * and a key prefix through Spring Security's resource server, presigned URLs, problem
 * details for 401 and 403, the audit log, and the dashboard on the management port.
 */
@NullMarked
package dev.pump.demo.security;

import org.jspecify.annotations.NullMarked;
