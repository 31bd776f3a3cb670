/**
 * Request-target hygiene: decode and normalise once, refuse hostile shapes, and let only Genie paths through.
 */
package io.genieproxy.guard;
