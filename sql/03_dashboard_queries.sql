-- genie-proxy audit data on Delta: dashboard queries (Databricks SQL / AI/BI dashboards).
--
-- Read only the Delta tables of 01_message_details.sql (no Genie API calls, no secrets at view
-- time). Parameters, as in AI/BI dashboards / the SQL editor:
--   :days_lookback     INT     how many days back, e.g. 30
--   :workspace_filter  STRING  a workspace as the proxy records it, or 'all'
-- Questions are the Genie actions that make Genie work: start conversation and follow-up message.

USE CATALOG main;
USE SCHEMA genie_proxy;

-- 1. Questions per day (asked through the proxy and allowed), with distinct askers.
SELECT
  date_trunc('DAY', time)            AS day,
  count(*)                           AS questions,
  count(DISTINCT caller.`user`)      AS users,
  count(DISTINCT conversation_id)    AS conversations
FROM requests
WHERE action IN ('genieStartConversationMessage', 'genieCreateConversationMessage')
  AND outcome = 'allowed'
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day;

-- 2. Questions per day and space.
SELECT
  date_trunc('DAY', time) AS day,
  workspace,
  space_id,
  count(*)                AS questions
FROM requests
WHERE action IN ('genieStartConversationMessage', 'genieCreateConversationMessage')
  AND outcome = 'allowed'
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day, questions DESC;

-- 3. Questions per user (top 50), with how their messages ended.
SELECT
  caller.`user`                                        AS user,
  count(*)                                             AS messages,
  count_if(status = 'COMPLETED')                       AS completed,
  count_if(status IN ('FAILED', 'CANCELLED'))          AS failed_or_cancelled,
  count(DISTINCT space_id)                             AS spaces,
  max(time)                                            AS last_question
FROM message_details
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY messages DESC
LIMIT 50;

-- 4. Daily active users and spaces.
SELECT
  date_trunc('DAY', time)          AS day,
  count(DISTINCT caller.`user`)    AS active_users,
  count(DISTINCT space_id)         AS active_spaces
FROM requests
WHERE outcome = 'allowed'
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day;

-- 5. Failure rate per day: messages that ended FAILED or CANCELLED over all terminal messages.
SELECT
  date_trunc('DAY', time)                                                   AS day,
  count(*)                                                                  AS messages,
  count_if(status = 'FAILED')                                               AS failed,
  count_if(status = 'CANCELLED')                                            AS cancelled,
  round(count_if(status IN ('FAILED', 'CANCELLED')) / count(*), 4)          AS failure_rate
FROM message_details
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day;

-- 6. Most frequent Genie errors.
SELECT
  coalesce(get_json_object(error, '$.type'), get_json_object(error, '$.error_code'), left(error, 200)) AS error,
  count(*)                  AS messages,
  count(DISTINCT space_id)  AS spaces,
  max(time)                 AS last_seen
FROM message_details
WHERE status = 'FAILED'
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY messages DESC
LIMIT 20;

-- 7. Time to answer percentiles per day (seconds, completed messages).
SELECT
  date_trunc('DAY', time)                                   AS day,
  count(*)                                                  AS answers,
  round(percentile_approx(time_to_answer_ms, 0.50) / 1000, 1) AS p50_s,
  round(percentile_approx(time_to_answer_ms, 0.95) / 1000, 1) AS p95_s,
  round(percentile_approx(time_to_answer_ms, 0.99) / 1000, 1) AS p99_s,
  round(max(time_to_answer_ms) / 1000, 1)                   AS max_s
FROM message_details
WHERE status = 'COMPLETED'
  AND time_to_answer_ms IS NOT NULL
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day;

-- 8. Time to answer per space.
SELECT
  workspace,
  space_id,
  count(*)                                                  AS answers,
  round(percentile_approx(time_to_answer_ms, 0.50) / 1000, 1) AS p50_s,
  round(percentile_approx(time_to_answer_ms, 0.95) / 1000, 1) AS p95_s
FROM message_details
WHERE status = 'COMPLETED'
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY p95_s DESC;

-- 9. Top questions (normalised text), with how often they succeeded. Content: restricted audience.
SELECT
  lower(regexp_replace(trim(question), '\\s+', ' '))   AS question,
  count(*)                                             AS asked,
  count(DISTINCT caller.`user`)                        AS users,
  count_if(status = 'COMPLETED')                       AS completed,
  collect_set(space_id)                                AS spaces
FROM message_details
WHERE question IS NOT NULL
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY 1
ORDER BY asked DESC
LIMIT 25;

-- 10. Redactions by category per day (counts only; the values never reach the audit log).
SELECT
  date_trunc('DAY', time)   AS day,
  r.category,
  sum(r.redacted)           AS redacted_values,
  count(*)                  AS messages
FROM message_details
  LATERAL VIEW explode(redactions) r AS category, redacted
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day, redacted_values DESC;

-- 11. Share of answers that needed redaction, per space.
SELECT
  workspace,
  space_id,
  count(*)                                                                    AS messages,
  count_if(aggregate(map_values(redactions), 0L, (acc, x) -> acc + x) > 0)    AS with_redactions,
  round(count_if(aggregate(map_values(redactions), 0L, (acc, x) -> acc + x) > 0) / count(*), 4) AS share
FROM message_details
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY with_redactions DESC;

-- 12. Request outcomes per day (allowed, denied, rate_limited, error).
SELECT
  date_trunc('DAY', time)  AS day,
  outcome,
  count(*)                 AS requests
FROM requests
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY day, outcome;

-- 13. Denials and rate limiting by reason and caller (security review).
SELECT
  outcome,
  coalesce(reason, '(none)')                     AS reason,
  coalesce(caller.`user`, '(unauthenticated)')   AS user,
  caller.source_address                          AS source_address,
  count(*)                                       AS requests,
  min(time)                                      AS first_seen,
  max(time)                                      AS last_seen
FROM requests
WHERE outcome IN ('denied', 'rate_limited')
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY requests DESC
LIMIT 100;

-- 14. Proxy latency and cache effect per action.
SELECT
  action,
  count(*)                                             AS requests,
  percentile_approx(latency_ms, 0.50)                  AS p50_ms,
  percentile_approx(latency_ms, 0.95)                  AS p95_ms,
  round(count_if(cache = 'hit') / nullif(count_if(cache IN ('hit', 'miss')), 0), 4) AS cache_hit_ratio,
  count_if(upstream_status >= 500)                     AS upstream_5xx
FROM requests
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY requests DESC;

-- 15. Conversation depth: messages per conversation, per space.
SELECT
  space_id,
  count(DISTINCT conversation_id)                               AS conversations,
  round(count(*) / count(DISTINCT conversation_id), 2)          AS messages_per_conversation,
  max(per_conversation)                                         AS longest_conversation
FROM (
  SELECT space_id, conversation_id, count(*) OVER (PARTITION BY conversation_id) AS per_conversation
  FROM message_details
  WHERE time >= date_sub(current_date(), :days_lookback)
    AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
)
GROUP BY ALL
ORDER BY conversations DESC;

-- 16. Attachments by type (query, text) and rows returned.
SELECT
  a.type,
  count(*)                               AS attachments,
  sum(CASE WHEN a.type = 'query' THEN row_count END) AS rows_returned
FROM message_details
  LATERAL VIEW explode(attachments) t AS a
WHERE time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY attachments DESC;

-- 17. Warehouse cost of Genie answers: join generated statements to the query history system table
--     (needs SELECT on system.query.history).
SELECT
  md.space_id,
  count(*)                                       AS statements,
  round(sum(qh.total_duration_ms) / 1000, 1)     AS warehouse_seconds,
  round(avg(qh.total_duration_ms) / 1000, 2)     AS avg_seconds,
  count_if(qh.execution_status = 'FAILED')       AS failed_statements
FROM message_details AS md
JOIN system.query.history AS qh
  ON qh.statement_id = md.statement_id
WHERE md.statement_id IS NOT NULL
  AND md.time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR md.workspace = :workspace_filter)
GROUP BY ALL
ORDER BY warehouse_seconds DESC;

-- 18. Who received which query-result columns, and how many of their values were redacted (security
--     review). One row per caller and column over every query result delivered, cache hits included.
SELECT
  caller.`user`                                         AS caller_user,
  space_id,
  c.col_name                                            AS result_column,
  count(*)                                              AS results_received,
  sum(result.`rows`)                                    AS rows_received,
  sum(coalesce(aggregate(map_values(redacted_columns[c.col_name]), 0L, (acc, x) -> acc + x), 0L))
                                                        AS values_redacted
FROM requests
  LATERAL VIEW explode(result.columns) c AS col_name
WHERE result IS NOT NULL
  AND outcome = 'allowed'
  AND time >= date_sub(current_date(), :days_lookback)
  AND (:workspace_filter = 'all' OR workspace = :workspace_filter)
GROUP BY ALL
ORDER BY rows_received DESC
LIMIT 500;
