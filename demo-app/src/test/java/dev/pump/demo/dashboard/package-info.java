/**
 * Tests of the dashboard page in a real headless Chromium, and of the Grafana dashboard
 * against the meters the service really exports.
 */
@NullMarked
package dev.pump.demo.dashboard;

import org.jspecify.annotations.NullMarked;
