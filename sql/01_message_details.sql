-- genie-proxy audit data on Delta: DDL.
--
-- The proxy writes one hash-chained JSON Lines file (GENIE_AUDIT_FILE). Every line has kind, seq,
-- prev_hash and hash; kind is 'request' (one per HTTP request, rejections included) or
-- 'message_details' (one per Genie message that reached a terminal status: question, SQL,
-- attachments, redaction counts).
--
--   audit_raw        bronze: every line exactly as written (keeps the hash chain verifiable)
--   requests         silver: kind = 'request'
--   message_details  silver: kind = 'message_details'
--   message_activity view for dashboards and SREs: message_details without question, SQL, error text
--
-- Run with the catalog and schema you load into selected. Examples use main.genie_proxy; change
-- both lines below (and the volume path in 02_load.sql) for your workspace.

USE CATALOG main;
CREATE SCHEMA IF NOT EXISTS genie_proxy COMMENT 'genie-proxy audit log (requests, Genie message details)';
USE SCHEMA genie_proxy;

CREATE TABLE IF NOT EXISTS audit_raw (
  line         STRING    NOT NULL COMMENT 'The audit line exactly as the proxy wrote it (the hash covers it)',
  kind         STRING    COMMENT 'request | message_details',
  seq          BIGINT    COMMENT 'Position in the hash chain',
  hash         STRING    COMMENT 'This record''s hash (unique)',
  source_file  STRING    COMMENT 'Volume file the line was loaded from',
  ingested_at  TIMESTAMP COMMENT 'When the line was loaded'
)
CLUSTER BY (kind, seq)
COMMENT 'Bronze: genie-proxy audit lines as written; append only'
TBLPROPERTIES ('delta.appendOnly' = 'true');

CREATE TABLE IF NOT EXISTS requests (
  seq              BIGINT    NOT NULL,
  prev_hash        STRING,
  hash             STRING    NOT NULL,
  time             TIMESTAMP NOT NULL COMMENT 'When the proxy received the request (UTC)',
  request_id       STRING,
  trace_id         STRING    COMMENT 'W3C trace id: joins to the trace in Jaeger/Tempo',
  caller           STRUCT<`user`: STRING, id: STRING, source_address: STRING, user_agent: STRING>
                             COMMENT 'Authenticated caller; user is null when authentication failed',
  workspace        STRING,
  action           STRING    COMMENT 'Genie audit action name, e.g. genieStartConversationMessage',
  space_id         STRING,
  conversation_id  STRING,
  message_id       STRING,
  attachment_id    STRING    COMMENT 'Attachment id from the path (query results, visualizations)',
  method           STRING,
  path             STRING,
  status           INT       COMMENT 'HTTP status the caller received',
  outcome          STRING    COMMENT 'allowed | denied | rate_limited | error',
  latency_ms       BIGINT,
  cache            STRING    COMMENT 'Cache result for this request (hit, miss, bypass) when cacheable',
  upstream_status  INT       COMMENT 'Status the workspace answered; null when not forwarded',
  result           STRUCT<columns: ARRAY<STRING>, `rows`: BIGINT>
                             COMMENT 'Query result the caller received: column names and rows (never values)',
  redactions       MAP<STRING, BIGINT> COMMENT 'Values replaced in the answer by category; null when redaction did not read it',
  redacted_columns MAP<STRING, MAP<STRING, BIGINT>> COMMENT 'Query-result column -> category -> values replaced',
  rate_limit       STRING    COMMENT 'Rate-limit decision (JSON text when the proxy records an object)',
  reason           STRING    COMMENT 'Why the request was refused, when it was',
  source_file      STRING,
  ingested_at      TIMESTAMP
)
CLUSTER BY (workspace, time)
COMMENT 'genie-proxy audit: one row per request (kind = request)'
TBLPROPERTIES ('delta.appendOnly' = 'true');

-- Upgrading a message_details table created before attachments had text (the answer):
--   ALTER TABLE message_details ADD COLUMNS (attachments.element.text STRING);
-- Upgrading a requests table created before attachment_id, result, redactions and redacted_columns
-- existed: run once, before the next load.
--   ALTER TABLE requests ADD COLUMNS (attachment_id STRING, result STRUCT<columns: ARRAY<STRING>, `rows`: BIGINT>,
--     redactions MAP<STRING, BIGINT>, redacted_columns MAP<STRING, MAP<STRING, BIGINT>>);

ALTER TABLE requests DROP CONSTRAINT IF EXISTS outcome_known;
ALTER TABLE requests ADD CONSTRAINT outcome_known CHECK (outcome IN ('allowed', 'denied', 'rate_limited', 'error'));

CREATE TABLE IF NOT EXISTS message_details (
  seq                BIGINT    NOT NULL,
  prev_hash          STRING,
  hash               STRING    NOT NULL,
  time               TIMESTAMP NOT NULL COMMENT 'When the message reached its terminal status (UTC)',
  request_id         STRING,
  trace_id           STRING,
  caller             STRUCT<`user`: STRING, id: STRING, source_address: STRING, user_agent: STRING>,
  workspace          STRING,
  space_id           STRING,
  conversation_id    STRING,
  message_id         STRING,
  question           STRING    COMMENT 'The question as asked. May hold personal data: restrict access',
  sql                STRING    COMMENT 'SQL Genie generated (may hold literals from the question)',
  statement_id       STRING    COMMENT 'Joins to system.query.history.statement_id',
  status             STRING    COMMENT 'COMPLETED | FAILED | CANCELLED | ...',
  row_count          BIGINT,
  attachments        ARRAY<STRUCT<attachment_id: STRING, type: STRING, title: STRING, text: STRING>>
                               COMMENT 'Attachments; text holds a text attachment''s answer, redacted (at most 4096 characters)',
  error              STRING    COMMENT 'Genie error (JSON text when structured)',
  redactions         MAP<STRING, BIGINT> COMMENT 'Redacted values in the answer by category (counts only, never values)',
  time_to_answer_ms  BIGINT    COMMENT 'Question to terminal status',
  source_file        STRING,
  ingested_at        TIMESTAMP
)
CLUSTER BY (workspace, space_id, time)
COMMENT 'genie-proxy audit: one row per Genie message that reached a terminal status (kind = message_details)'
TBLPROPERTIES ('delta.appendOnly' = 'true');

-- For people who need activity but not content: no question, SQL or error text.
CREATE OR REPLACE VIEW message_activity
COMMENT 'message_details without question, SQL and error text'
AS SELECT
  time, request_id, trace_id, caller.`user` AS caller_user, workspace, space_id, conversation_id, message_id,
  statement_id, status, row_count, size(attachments) AS attachment_count, redactions, time_to_answer_ms
FROM message_details;
