/**
 * Thin Micronaut adapters: the catch-all controller, the response renderer, the error envelope for framework errors, and the factories that build each stage from configuration.
 */
package io.genieproxy.server;
