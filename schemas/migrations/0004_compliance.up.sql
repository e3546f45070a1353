-- Compliance: sanctions / watch lists by version, screening outcomes, and the
-- compliance officers' release rules for known false positives.

-- One row per imported version of a list. Exactly one version of a list is in
-- force (ACTIVE); an import inserts the new version and supersedes the old one
-- in the same transaction, so screening never sees a half-imported list.
CREATE TABLE sanctions_list_versions (
  id             bigserial PRIMARY KEY,
  list_name      text NOT NULL,
  version        text NOT NULL,
  format         text NOT NULL CHECK (format IN ('ofac-sdn', 'un', 'eu', 'watchlist')),
  status         text NOT NULL CHECK (status IN ('ACTIVE', 'SUPERSEDED')),
  entries        integer NOT NULL,
  aliases        integer NOT NULL,
  rejected       integer NOT NULL,
  source         text NOT NULL,   -- file names as given to the import
  sha256         text NOT NULL,   -- of the files, in order
  imported_by    text NOT NULL,
  imported_at    timestamptz NOT NULL DEFAULT now(),
  superseded_at  timestamptz
);
CREATE UNIQUE INDEX sanctions_list_versions_active_idx ON sanctions_list_versions (list_name) WHERE status = 'ACTIVE';

-- The entries of a list version, each as the structured record its importer
-- produced (names, aliases, addresses, BICs, programmes).
CREATE TABLE sanctions_entries (
  version_id  bigint NOT NULL REFERENCES sanctions_list_versions (id) ON DELETE CASCADE,
  entry_id    text NOT NULL,
  entry       jsonb NOT NULL,
  PRIMARY KEY (version_id, entry_id)
);

-- Every screening of a payment: by the pipeline, by a re-screening after a list
-- changed. `hits` and `limit_breaches` hold the full explanation.
CREATE TABLE screening_results (
  id              bigserial PRIMARY KEY,
  payment_id      uuid NOT NULL REFERENCES payments (id),
  trigger         text NOT NULL CHECK (trigger IN ('pipeline', 'rescreen', 'rule')),
  outcome         text NOT NULL CHECK (outcome IN ('CLEAR', 'HOLD')),
  list_versions   jsonb NOT NULL,   -- [{"list": "OFAC-SDN", "version": "...", "id": 7}, ...]
  lists_key       text NOT NULL,    -- the version ids, for "already screened against these"
  hits            jsonb NOT NULL DEFAULT '[]',
  suppressed      jsonb NOT NULL DEFAULT '[]',  -- hits a release rule covered
  limit_breaches  jsonb NOT NULL DEFAULT '[]',
  screened_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX screening_results_payment_idx ON screening_results (payment_id, id);

-- "This party is not that list entry": a hit of `entry_id` on `list_name` for a
-- payment party named `party_name` (compared case-insensitively) is suppressed.
-- A rule proposed by one compliance officer is in force only once a second one
-- has approved it.
CREATE TABLE compliance_rules (
  id           bigserial PRIMARY KEY,
  list_name    text NOT NULL,
  entry_id     text NOT NULL,
  party_name   text NOT NULL,
  reason       text NOT NULL CHECK (length(reason) > 0),
  status       text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACTIVE', 'REJECTED', 'REVOKED')),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_by   text,             -- the second officer who approved or rejected it
  decided_at   timestamptz,
  revoked_by   text,             -- any compliance officer may take a rule out of force
  revoked_at   timestamptz,
  CHECK (decided_by IS NULL OR decided_by <> created_by),
  CHECK (status = 'PENDING' OR decided_by IS NOT NULL)
);
CREATE UNIQUE INDEX compliance_rules_live_idx ON compliance_rules (list_name, entry_id, lower(party_name))
  WHERE status IN ('PENDING', 'ACTIVE');

-- Parties screened besides debtor and creditor (empty when the instruction has none).
ALTER TABLE payments
  ADD COLUMN ultimate_debtor_name   text NOT NULL DEFAULT '',
  ADD COLUMN ultimate_creditor_name text NOT NULL DEFAULT '',
  ADD COLUMN debtor_country         text NOT NULL DEFAULT '',
  ADD COLUMN creditor_country       text NOT NULL DEFAULT '';

-- Daily limit totals per debtor account and per counterparty agent.
CREATE INDEX payments_debtor_day_idx ON payments (debtor_account, currency, created_at);
CREATE INDEX payments_creditor_agent_day_idx ON payments (creditor_agent_bic, currency, created_at);

-- A re-screening after a list change may hold a payment that had not yet been posted.
INSERT INTO payment_transitions VALUES
  ('PENDING_APPROVAL', 'COMPLIANCE_HOLD'), ('APPROVED', 'COMPLIANCE_HOLD');
