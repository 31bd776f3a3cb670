-- genie-proxy audit data on Delta: loading the JSON Lines audit files from a Unity Catalog volume.
--
-- Ship CLOSED audit files to the volume (rotated segments, e.g. genie-audit-2025-06-01.jsonl),
-- never the file the proxy is still appending to: COPY INTO and Auto Loader read each file once.
-- Volume used below: /Volumes/main/genie_proxy/audit/  (change it, and the catalog/schema, to yours).
--
-- Option A, steps 1-2 (idempotent; schedule them as a SQL task after each file rotation):
--   1. COPY INTO audit_raw: each line as text, with kind/seq/hash pulled out;
--   2. MERGE into requests and message_details by kind, insert-only on the record hash.
-- Option B, the two statements at the end: Auto Loader streaming tables that read the volume
-- continuously. Run one option, not both (copy the part you use into your job or pipeline).

USE CATALOG main;
USE SCHEMA genie_proxy;

-- 1. Bronze. TEXT keeps the line byte for byte, so `audit verify` semantics (hash over the line)
--    can be re-checked from the table.
COPY INTO audit_raw
FROM (
  SELECT
    value                                            AS line,
    get_json_object(value, '$.kind')                 AS kind,
    CAST(get_json_object(value, '$.seq') AS BIGINT)  AS seq,
    get_json_object(value, '$.hash')                 AS hash,
    _metadata.file_path                              AS source_file,
    current_timestamp()                              AS ingested_at
  FROM '/Volumes/main/genie_proxy/audit/'
)
FILEFORMAT = TEXT
PATTERN = '*.jsonl*'
COPY_OPTIONS ('mergeSchema' = 'false');

-- 2a. Silver: requests. A string-typed field of from_json keeps a nested object as its JSON text,
--     so rate_limit and reason load whatever shape the proxy writes. time may be ISO-8601 or epoch ms.
MERGE INTO requests AS t
USING (
  WITH parsed AS (
    SELECT
      from_json(line,
        'seq BIGINT, prev_hash STRING, hash STRING, time STRING, request_id STRING, trace_id STRING,
         caller STRUCT<`user`: STRING, id: STRING, source_address: STRING, user_agent: STRING>,
         workspace STRING, action STRING, space_id STRING, conversation_id STRING, message_id STRING,
         attachment_id STRING, method STRING, path STRING, status INT, outcome STRING, latency_ms BIGINT,
         cache STRING, upstream_status INT, result STRUCT<columns: ARRAY<STRING>, `rows`: BIGINT>,
         redactions MAP<STRING, BIGINT>, redacted_columns MAP<STRING, MAP<STRING, BIGINT>>,
         rate_limit STRING, reason STRING') AS r,
      source_file,
      ingested_at
    FROM audit_raw
    WHERE kind = 'request'
      AND ingested_at > (SELECT coalesce(max(ingested_at), TIMESTAMP '1970-01-01') FROM requests)
  )
  SELECT
    r.seq, r.prev_hash, r.hash,
    coalesce(try_cast(r.time AS TIMESTAMP), timestamp_millis(try_cast(r.time AS BIGINT))) AS time,
    r.request_id, r.trace_id, r.caller, r.workspace, r.action, r.space_id, r.conversation_id, r.message_id,
    r.attachment_id, r.method, r.path, r.status, lower(r.outcome) AS outcome, r.latency_ms, r.cache,
    r.upstream_status, r.result, r.redactions, r.redacted_columns, r.rate_limit, r.reason, source_file, ingested_at
  FROM parsed
  QUALIFY row_number() OVER (PARTITION BY r.hash ORDER BY ingested_at) = 1
) AS s
ON t.hash = s.hash
WHEN NOT MATCHED THEN INSERT *;

-- 2b. Silver: message_details.
MERGE INTO message_details AS t
USING (
  WITH parsed AS (
    SELECT
      from_json(line,
        'seq BIGINT, prev_hash STRING, hash STRING, time STRING, request_id STRING, trace_id STRING,
         caller STRUCT<`user`: STRING, id: STRING, source_address: STRING, user_agent: STRING>,
         workspace STRING, space_id STRING, conversation_id STRING, message_id STRING,
         question STRING, sql STRING, statement_id STRING, status STRING, row_count BIGINT,
         attachments ARRAY<STRUCT<attachment_id: STRING, type: STRING, title: STRING, text: STRING>>,
         error STRING, redactions MAP<STRING, BIGINT>, time_to_answer_ms BIGINT') AS m,
      source_file,
      ingested_at
    FROM audit_raw
    WHERE kind = 'message_details'
      AND ingested_at > (SELECT coalesce(max(ingested_at), TIMESTAMP '1970-01-01') FROM message_details)
  )
  SELECT
    m.seq, m.prev_hash, m.hash,
    coalesce(try_cast(m.time AS TIMESTAMP), timestamp_millis(try_cast(m.time AS BIGINT))) AS time,
    m.request_id, m.trace_id, m.caller, m.workspace, m.space_id, m.conversation_id, m.message_id,
    m.question, m.sql, m.statement_id, upper(m.status) AS status, m.row_count, m.attachments, m.error,
    m.redactions, m.time_to_answer_ms, source_file, ingested_at
  FROM parsed
  QUALIFY row_number() OVER (PARTITION BY m.hash ORDER BY ingested_at) = 1
) AS s
ON t.hash = s.hash
WHEN NOT MATCHED THEN INSERT *;

-- Chain check after a load: within a file, every record's prev_hash is the previous record's
-- hash. Expect 0 rows. (`java -jar genie-proxy.jar audit verify FILE` is the full check, hashes included.)
SELECT source_file, seq, hash, prev_hash, expected_prev_hash
FROM (
  SELECT source_file, seq, hash, get_json_object(line, '$.prev_hash') AS prev_hash,
         lag(hash) OVER (PARTITION BY source_file ORDER BY seq) AS expected_prev_hash
  FROM audit_raw
)
WHERE expected_prev_hash IS NOT NULL AND prev_hash <> expected_prev_hash;


-- Option B: Auto Loader (cloudFiles) via streaming tables, read_files in STREAM mode. Use it
-- INSTEAD of option A, from a Lakeflow Declarative Pipeline or a Databricks SQL warehouse. A
-- streaming table owns its table, so these cannot write into option A's tables; either point
-- 03_dashboard_queries.sql at *_autoload, or run them in another schema and create views named
-- requests and message_details over them. Each reads every new file once and keeps the lines of
-- one kind.

CREATE OR REFRESH STREAMING TABLE requests_autoload
CLUSTER BY (workspace, time)
COMMENT 'genie-proxy audit requests, loaded continuously by Auto Loader'
AS SELECT
  seq, prev_hash, hash,
  coalesce(try_cast(time AS TIMESTAMP), timestamp_millis(try_cast(time AS BIGINT))) AS time,
  request_id, trace_id, caller, workspace, action, space_id, conversation_id, message_id, attachment_id, method,
  path, status, lower(outcome) AS outcome, latency_ms, cache, upstream_status, result, redactions, redacted_columns,
  rate_limit, reason,
  _metadata.file_path AS source_file, current_timestamp() AS ingested_at
FROM STREAM read_files(
  '/Volumes/main/genie_proxy/audit/*.jsonl*',
  format => 'json',
  schema => 'kind STRING, seq BIGINT, prev_hash STRING, hash STRING, time STRING, request_id STRING,
             trace_id STRING, caller STRUCT<`user`: STRING, id: STRING, source_address: STRING, user_agent: STRING>,
             workspace STRING, action STRING, space_id STRING, conversation_id STRING, message_id STRING,
             attachment_id STRING, method STRING, path STRING, status INT, outcome STRING, latency_ms BIGINT,
             cache STRING, upstream_status INT, result STRUCT<columns: ARRAY<STRING>, `rows`: BIGINT>,
             redactions MAP<STRING, BIGINT>, redacted_columns MAP<STRING, MAP<STRING, BIGINT>>,
             rate_limit STRING, reason STRING'
)
WHERE kind = 'request';

CREATE OR REFRESH STREAMING TABLE message_details_autoload
CLUSTER BY (workspace, space_id, time)
COMMENT 'genie-proxy Genie message details, loaded continuously by Auto Loader'
AS SELECT
  seq, prev_hash, hash,
  coalesce(try_cast(time AS TIMESTAMP), timestamp_millis(try_cast(time AS BIGINT))) AS time,
  request_id, trace_id, caller, workspace, space_id, conversation_id, message_id, question, sql,
  statement_id, upper(status) AS status, row_count, attachments, error, redactions, time_to_answer_ms,
  _metadata.file_path AS source_file, current_timestamp() AS ingested_at
FROM STREAM read_files(
  '/Volumes/main/genie_proxy/audit/*.jsonl*',
  format => 'json',
  schema => 'kind STRING, seq BIGINT, prev_hash STRING, hash STRING, time STRING, request_id STRING,
             trace_id STRING, caller STRUCT<`user`: STRING, id: STRING, source_address: STRING, user_agent: STRING>,
             workspace STRING, space_id STRING, conversation_id STRING, message_id STRING, question STRING,
             sql STRING, statement_id STRING, status STRING, row_count BIGINT,
             attachments ARRAY<STRUCT<attachment_id: STRING, type: STRING, title: STRING, text: STRING>>,
             error STRING, redactions MAP<STRING, BIGINT>, time_to_answer_ms BIGINT'
)
WHERE kind = 'message_details';
