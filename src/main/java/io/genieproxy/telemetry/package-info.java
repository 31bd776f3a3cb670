/**
 * Metric names and span attributes as constants (dashboards use exactly these), the telemetry stage, and the message lifecycle tracker.
 */
package io.genieproxy.telemetry;
