-- Reconciliation against counterparty statements, and the exception queue
-- (gateway/reconciliation/README.md).
--
-- gateway_runtime gets its row rights on these tables from the default
-- privileges of 0006; what must be append-only is revoked below.

-- One row per imported statement page (camt.053 Stmt) or notification
-- (camt.054 Ntfctn). A page is imported once: the same message type, account,
-- statement id and page again is refused, naming what was imported before.
CREATE TABLE recon_statements (
  id                    bigserial PRIMARY KEY,
  message_type          text NOT NULL CHECK (message_type IN ('camt.053.001.08', 'camt.054.001.08')),
  msg_id                text NOT NULL,            -- GrpHdr/MsgId
  statement_ref         text NOT NULL,            -- Stmt/Id or Ntfctn/Id
  page_number           integer NOT NULL DEFAULT 1 CHECK (page_number >= 1),
  last_page             boolean NOT NULL DEFAULT true,
  account_ref           text NOT NULL,            -- Acct/Id/IBAN or Acct/Id/Othr/Id
  settlement_account    text NOT NULL REFERENCES ledger_accounts (id),
  link_name             text NOT NULL,
  currency              char(3) NOT NULL,
  business_date         date NOT NULL,
  created_at_source     text,                     -- CreDtTm as sent
  opening_balance_minor bigint,                   -- OPBD, signed: credit > 0 (camt.053 only)
  closing_balance_minor bigint,                   -- CLBD, signed
  entry_count           integer NOT NULL DEFAULT 0,
  source                text NOT NULL,            -- file name, "api", "link:<name>"
  imported_by           text NOT NULL,
  imported_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_type, account_ref, statement_ref, page_number)
);
CREATE INDEX recon_statements_day_idx ON recon_statements (settlement_account, business_date, message_type);

-- The entries of the statements (Ntry), with the references of their first
-- transaction (NtryDtls/TxDtls/Refs).
CREATE TABLE recon_statement_entries (
  id                 bigserial PRIMARY KEY,
  statement_id       bigint NOT NULL REFERENCES recon_statements (id) DEFERRABLE INITIALLY DEFERRED,
  seq                integer NOT NULL,              -- position in its statement, from 1
  settlement_account text NOT NULL,
  link_name          text NOT NULL,
  business_date      date NOT NULL,
  currency           char(3) NOT NULL,
  amount_minor       bigint NOT NULL CHECK (amount_minor >= 0),
  credit_debit       text NOT NULL CHECK (credit_debit IN ('CRDT', 'DBIT')),
  reversal           boolean NOT NULL DEFAULT false,  -- RvslInd
  entry_status       text NOT NULL,                   -- Sts/Cd: BOOK, PDNG, INFO, ...
  booking_date       date,
  value_date         date,
  entry_ref          text,                            -- NtryRef
  acct_svcr_ref      text,
  uetr               uuid,
  end_to_end_id      text,
  msg_id             text,
  instr_id           text,
  tx_id              text,
  additional_info    text,
  UNIQUE (statement_id, seq)
);
CREATE INDEX recon_statement_entries_day_idx ON recon_statement_entries (settlement_account, business_date);
CREATE INDEX recon_statement_entries_uetr_idx ON recon_statement_entries (uetr) WHERE uetr IS NOT NULL;

-- One row per reconciliation of a day and link. A scheduled run happens once
-- per day and link, whatever the number of gatewayd on the database: the
-- unique index below is the claim.
CREATE TABLE recon_runs (
  id               bigserial PRIMARY KEY,
  business_date    date NOT NULL,
  link_name        text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('scheduled', 'manual')),
  started_by       text NOT NULL,
  started_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at      timestamptz,
  window_from      timestamptz NOT NULL,
  window_to        timestamptz NOT NULL,
  statement_source text NOT NULL,                 -- camt.053, camt.054, none
  summary          jsonb NOT NULL DEFAULT '{}',   -- per currency totals and balances
  fingerprint      text NOT NULL DEFAULT ''       -- SHA-256 of the items, in order
);
CREATE UNIQUE INDEX recon_runs_scheduled_once ON recon_runs (business_date, link_name) WHERE kind = 'scheduled';
CREATE INDEX recon_runs_day_idx ON recon_runs (business_date, link_name, id);

-- The outcome of the latest run of a day and link: every payment of the day,
-- every statement entry no payment explains, every posting without a payment.
CREATE TABLE recon_items (
  business_date        date NOT NULL,
  link_name            text NOT NULL,
  item_key             text NOT NULL,   -- payment:<uuid>, entry:<id>, posting:<entry id>
  run_id               bigint NOT NULL REFERENCES recon_runs (id),
  status               text NOT NULL CHECK (status IN ('MATCHED', 'UNMATCHED')),
  reason               text,            -- UNMATCHED: one of gateway/reconciliation/README.md
  match_rule           text,            -- MATCHED: uetr, e2e, manual, refused_both
  payment_id           uuid,
  statement_entry_id   bigint,
  direction            text,            -- outbound, inbound
  currency             char(3) NOT NULL,
  amount_minor         bigint NOT NULL,  -- ours, or the statement's for items only on it
  statement_amount_minor bigint,
  uetr                 text,
  end_to_end_id        text,
  our_value_date       date,
  statement_value_date date,
  resolution           text CHECK (resolution IN ('manual_match', 'write_off')),
  PRIMARY KEY (business_date, link_name, item_key),
  CONSTRAINT recon_items_reason CHECK ((status = 'UNMATCHED') = (reason IS NOT NULL))
);
CREATE INDEX recon_items_open_idx ON recon_items (link_name, reason, business_date)
  WHERE status = 'UNMATCHED' AND resolution IS NULL;

-- The exception queue: every open unmatched item and every payment in
-- EXCEPTION is one case; at most one case per item is not RESOLVED.
CREATE TABLE exception_cases (
  id                 bigserial PRIMARY KEY,
  item_key           text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('reconciliation', 'payment_exception')),
  business_date      date,
  link_name          text,
  reason             text NOT NULL,
  payment_id         uuid,
  statement_entry_id bigint,
  currency           char(3),
  amount_minor       bigint,
  status             text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'PENDING_APPROVAL', 'RESOLVED')),
  assigned_to        text,
  resolution         text CHECK (resolution IN ('manual_match', 'write_off', 'retriggered', 'matched',
                                                'payment_recovered')),
  resolved_by        text,
  opened_at          timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at        timestamptz,
  CONSTRAINT exception_cases_resolved CHECK ((status = 'RESOLVED') = (resolution IS NOT NULL))
);
CREATE UNIQUE INDEX exception_cases_open_item ON exception_cases (item_key) WHERE status <> 'RESOLVED';
CREATE INDEX exception_cases_status_idx ON exception_cases (status, id);

-- Every step of a case, append-only for gatewayd.
CREATE TABLE exception_case_steps (
  id       bigserial PRIMARY KEY,
  case_id  bigint NOT NULL REFERENCES exception_cases (id),
  actor    text NOT NULL,
  action   text NOT NULL,   -- opened, reclassified, assigned, comment, retriggered, proposed, approved, rejected, resolved
  comment  text,
  details  jsonb,
  at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX exception_case_steps_case_idx ON exception_case_steps (case_id, id);

-- A manual match or a write-off takes two operators: one proposes, another
-- decides. The database refuses a decision by the proposer, a second decision,
-- and any other change to a proposal.
CREATE TABLE exception_case_proposals (
  id                 bigserial PRIMARY KEY,
  case_id            bigint NOT NULL REFERENCES exception_cases (id),
  action             text NOT NULL CHECK (action IN ('manual_match', 'write_off')),
  statement_entry_id bigint REFERENCES recon_statement_entries (id),  -- manual_match: the line matched
  payment_id         uuid REFERENCES payments (id),                   -- manual_match of a statement line
  suspense_account   text REFERENCES ledger_accounts (id),            -- write_off
  settlement_delta_minor bigint,                                      -- write_off: posted to the settlement account
  comment            text NOT NULL,
  proposed_by        text NOT NULL,
  proposed_at        timestamptz NOT NULL DEFAULT now(),
  decision           text CHECK (decision IN ('APPROVED', 'REJECTED')),
  decided_by         text,
  decided_at         timestamptz,
  decision_comment   text,
  journal_entry_id   bigint REFERENCES journal_entries (id),
  CONSTRAINT exception_case_proposals_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  CONSTRAINT exception_case_proposals_decided CHECK ((decision IS NULL) = (decided_by IS NULL))
);
CREATE UNIQUE INDEX exception_case_proposals_pending ON exception_case_proposals (case_id) WHERE decision IS NULL;

CREATE FUNCTION exception_case_proposals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.decision IS NOT NULL THEN
    IF NEW.journal_entry_id IS DISTINCT FROM OLD.journal_entry_id AND OLD.journal_entry_id IS NULL
       AND NEW.decision IS NOT DISTINCT FROM OLD.decision AND NEW.decided_by IS NOT DISTINCT FROM OLD.decided_by THEN
      RETURN NEW;  -- the write-off's entry, recorded once
    END IF;
    RAISE EXCEPTION 'proposal % was already decided', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.proposed_by IS DISTINCT FROM OLD.proposed_by OR NEW.action IS DISTINCT FROM OLD.action
     OR NEW.case_id IS DISTINCT FROM OLD.case_id
     OR NEW.statement_entry_id IS DISTINCT FROM OLD.statement_entry_id
     OR NEW.payment_id IS DISTINCT FROM OLD.payment_id
     OR NEW.settlement_delta_minor IS DISTINCT FROM OLD.settlement_delta_minor
     OR NEW.suspense_account IS DISTINCT FROM OLD.suspense_account THEN
    RAISE EXCEPTION 'proposal % can only be decided, not changed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER exception_case_proposals_guard BEFORE UPDATE ON exception_case_proposals
  FOR EACH ROW EXECUTE FUNCTION exception_case_proposals_guard();

-- A case is closed by a manual match or a write-off only with a proposal
-- another operator approved.
CREATE FUNCTION exception_cases_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.resolution IN ('manual_match', 'write_off') AND NEW.resolution IS DISTINCT FROM OLD.resolution
     AND NOT EXISTS (SELECT 1 FROM exception_case_proposals
                     WHERE case_id = NEW.id AND action = NEW.resolution AND decision = 'APPROVED'
                       AND decided_by <> proposed_by) THEN
    RAISE EXCEPTION 'four eyes: case % is resolved by % without a proposal approved by a second operator',
      NEW.id, NEW.resolution USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER exception_cases_four_eyes BEFORE UPDATE ON exception_cases
  FOR EACH ROW EXECUTE FUNCTION exception_cases_four_eyes();

-- A write-off's journal entry (key recon-writeoff:<proposal id>) needs that
-- proposal approved by a second operator.
CREATE FUNCTION journal_entries_writeoff_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.idempotency_key LIKE 'recon-writeoff:%' AND NOT EXISTS (
       SELECT 1 FROM exception_case_proposals
       WHERE id::text = substr(NEW.idempotency_key, length('recon-writeoff:') + 1)
         AND action = 'write_off' AND decision = 'APPROVED' AND decided_by <> proposed_by) THEN
    RAISE EXCEPTION 'four eyes: write-off % is not approved by a second operator', NEW.idempotency_key
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER journal_entries_writeoff_four_eyes BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_entries_writeoff_four_eyes();

-- Statements and their entries are evidence: gatewayd adds, never rewrites.
-- Case steps are the case's audit trail.
REVOKE UPDATE, DELETE ON recon_statements, recon_statement_entries, exception_case_steps FROM gateway_runtime;
REVOKE DELETE ON exception_cases, exception_case_proposals, recon_runs FROM gateway_runtime;
