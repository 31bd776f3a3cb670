/**
 * Thin framework adapters: the Netty lane for requests without a body, the catch-all controller and response renderer for the rest, the edge guards, the error envelope for framework errors, and the factories that build each stage from configuration.
 */
package io.genieproxy.server;
