/**
 * The proxy pipeline: the stage order (PipelineStage), the typed per-request context (ProxyExchange), and refusals as values (Rejection) rendered in the Databricks error envelope.
 */
package io.genieproxy.pipeline;
