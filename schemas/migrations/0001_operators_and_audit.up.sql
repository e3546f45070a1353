-- Operators of the console and API, and the audit trail of every action that
-- changes money or configuration (the runbook queries audit_logs by timestamp).

CREATE TABLE operators (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  role          text NOT NULL CHECK (role IN ('admin', 'maker', 'checker', 'compliance', 'auditor')),
  password_hash text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_logs (
  id             bigserial PRIMARY KEY,
  "timestamp"    timestamptz NOT NULL DEFAULT now(),
  actor          text NOT NULL,          -- operator username, or system:<component>
  action         text NOT NULL,          -- e.g. operator.create, payment.approve
  entity_type    text,
  entity_id      text,
  before         jsonb,
  after          jsonb,
  source_address text,
  details        jsonb
);
CREATE INDEX audit_logs_timestamp_idx ON audit_logs ("timestamp" DESC);
CREATE INDEX audit_logs_entity_idx ON audit_logs (entity_type, entity_id);

-- The audit trail is append-only: no UPDATE or DELETE, whoever asks.
CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER audit_logs_no_update BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
