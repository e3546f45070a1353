-- Searching payments from the console and GET /api/v1/payments: every filter is
-- an indexed condition, pages are keyset-paginated on (created_at, id) newest
-- first, and a page over millions of payments costs the same at any depth
-- (tests/bench/payments_list_bench.sh). Audit search by actor and action too.
--
-- pg_trgm is a trusted extension: the database owner who runs the migrations
-- may create it. New indexes need no grants (gateway_runtime's row rights are
-- on the tables, 0006).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The list order, and the keyset condition (created_at, id) < (...).
CREATE INDEX payments_created_id_idx ON payments (created_at, id);
DROP INDEX payments_created_idx;  -- a prefix of the one above
CREATE INDEX payments_status_created_idx ON payments (status, created_at, id);
CREATE INDEX payments_direction_created_idx ON payments (direction, created_at, id);
CREATE INDEX payments_source_created_idx ON payments (source text_pattern_ops, created_at, id);
-- Exact identifiers (the UETR has payments_uetr_idx already).
CREATE INDEX payments_end_to_end_idx ON payments (end_to_end_id);
CREATE INDEX payments_msg_id_idx ON payments (msg_id) WHERE msg_id IS NOT NULL;
CREATE INDEX payments_amount_idx ON payments (amount_minor);
-- Counterparty: a creditor agent BIC prefix (LIKE 'BANKDE%') or a link name.
CREATE INDEX payments_creditor_agent_prefix_idx ON payments (creditor_agent_bic text_pattern_ops);
CREATE INDEX payments_link_idx ON payments (link_name) WHERE link_name IS NOT NULL;
-- A part of the debtor's or creditor's name, case-insensitive (ILIKE '%...%').
CREATE INDEX payments_names_trgm_idx ON payments USING gin ((debtor_name || ' ' || creditor_name) gin_trgm_ops);

CREATE INDEX audit_logs_actor_idx ON audit_logs (actor, id);
CREATE INDEX audit_logs_action_idx ON audit_logs (action text_pattern_ops, id);
