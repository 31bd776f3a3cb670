/**
 * The only package that knows Genie's URL layout and JSON shapes: routes, operations and their traits (question, poll, cacheable, carries PII), and the message fields audit and telemetry read.
 */
package io.genieproxy.genie;
