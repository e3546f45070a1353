-- Payments, their history and messages, the outbox of each link, routing,
-- and console/API sessions.

CREATE TABLE payments (
  id                     uuid PRIMARY KEY,
  direction              text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound')),
  status                 text NOT NULL CHECK (status IN ('INITIATED', 'SCREENING', 'COMPLIANCE_HOLD',
                           'PENDING_APPROVAL', 'APPROVED', 'POSTED', 'QUEUED', 'SENT', 'COMPLETED', 'FAILED',
                           'REJECTED', 'CANCELLED', 'EXCEPTION')),
  source                 text NOT NULL,            -- api, api-xml, link:<name>, fix:<session>
  idempotency_key        text NOT NULL,            -- Idempotency-Key header, or msg id + end-to-end id
  msg_id                 text,
  end_to_end_id          text NOT NULL,
  uetr                   uuid NOT NULL,
  debtor_name            text NOT NULL,
  debtor_account         text NOT NULL,            -- IBAN
  debtor_agent_bic       text NOT NULL,
  creditor_name          text NOT NULL,
  creditor_account       text NOT NULL,
  creditor_agent_bic     text NOT NULL,
  amount_minor           bigint NOT NULL CHECK (amount_minor > 0 OR status = 'REJECTED'),
  currency               char(3) NOT NULL,
  remittance_info        text,
  requested_execution_date date,
  created_by             text NOT NULL,            -- operator username or system:<component>
  approval_mode          text CHECK (approval_mode IN ('auto', 'manual')),
  approved_by            text,
  link_name              text,
  reason_code            text,                     -- ISO reason of REJECTED / FAILED / EXCEPTION
  reason                 text,
  attempts               integer NOT NULL DEFAULT 0,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  completed_at           timestamptz,
  UNIQUE (source, idempotency_key),
  -- Four eyes, enforced by the database too: a manual approval is never the maker's.
  CONSTRAINT payments_four_eyes CHECK (approval_mode IS DISTINCT FROM 'manual'
                                       OR (approved_by IS NOT NULL AND approved_by <> created_by))
);
CREATE INDEX payments_status_idx ON payments (status, updated_at);
CREATE INDEX payments_created_idx ON payments (created_at DESC);
CREATE INDEX payments_uetr_idx ON payments (uetr);
CREATE INDEX payments_creditor_agent_idx ON payments (creditor_agent_bic);
-- The pipeline's work queue: payments a worker must move on.
CREATE INDEX payments_work_idx ON payments (updated_at) WHERE status IN ('INITIATED', 'APPROVED');

CREATE TABLE payment_history (
  id          bigserial PRIMARY KEY,
  payment_id  uuid NOT NULL REFERENCES payments (id),
  from_status text,
  to_status   text NOT NULL,
  actor       text NOT NULL,
  reason      text,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payment_history_payment_idx ON payment_history (payment_id, id);

CREATE TABLE payment_messages (
  id           bigserial PRIMARY KEY,
  payment_id   uuid NOT NULL REFERENCES payments (id),
  direction    text NOT NULL CHECK (direction IN ('in', 'out')),
  message_type text NOT NULL,                 -- e.g. pacs.008.001.08
  msg_id       text NOT NULL,
  content      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_messages_payment_idx ON payment_messages (payment_id, id);

-- Messages waiting to go out on a link, drained in id (creation) order.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  link_name    text NOT NULL,
  payment_id   uuid NOT NULL REFERENCES payments (id),
  message_id   bigint NOT NULL REFERENCES payment_messages (id),
  msg_id       text NOT NULL,
  uetr         uuid NOT NULL,
  status       text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'ACKED', 'NACKED', 'UNDELIVERABLE')),
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  answered_at  timestamptz,
  claimed_by   text,                  -- the gatewayd node whose link holds it (status SENT)
  answer_status text,                 -- ACSP, RJCT, ...
  answer_reason text,
  UNIQUE (message_id)
);
CREATE INDEX outbox_pending_idx ON outbox (link_name, id) WHERE status IN ('PENDING', 'SENT');

-- Business messages received on inbound links, one row per (counterparty, message id):
-- a resent message gets the stored answer again and has no second effect.
CREATE TABLE inbound_messages (
  counterparty text NOT NULL,
  message_id   text NOT NULL,
  uetr         text,
  status       text NOT NULL,          -- the answer's status: ACSP or RJCT
  reason       text,
  answer       text NOT NULL,          -- the pacs.002 sent back
  body         text NOT NULL,          -- what arrived
  payment_id   uuid REFERENCES payments (id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (counterparty, message_id)
);

-- Where payments go: the longest BIC prefix wins.
CREATE TABLE routes (
  bic_prefix text PRIMARY KEY CHECK (bic_prefix ~ '^[A-Z0-9]{4,11}$'),
  link_name  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens: only a SHA-256 of each token is stored.
CREATE TABLE auth_tokens (
  token_hash  bytea PRIMARY KEY,
  operator_id bigint NOT NULL REFERENCES operators (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX auth_tokens_expiry_idx ON auth_tokens (expires_at);

-- Failed logins per user name, for throttling.
CREATE TABLE login_failures (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  source    text,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user_idx ON login_failures (username, at);

-- The state machine, enforced by the database as well as the server: a status
-- change not listed here is refused.
CREATE TABLE payment_transitions (
  from_status text NOT NULL,
  to_status   text NOT NULL,
  PRIMARY KEY (from_status, to_status)
);
INSERT INTO payment_transitions VALUES
  ('INITIATED', 'SCREENING'), ('INITIATED', 'REJECTED'), ('INITIATED', 'CANCELLED'),
  ('SCREENING', 'COMPLIANCE_HOLD'), ('SCREENING', 'PENDING_APPROVAL'), ('SCREENING', 'APPROVED'),
  ('SCREENING', 'REJECTED'),
  ('COMPLIANCE_HOLD', 'PENDING_APPROVAL'), ('COMPLIANCE_HOLD', 'APPROVED'), ('COMPLIANCE_HOLD', 'REJECTED'),
  ('PENDING_APPROVAL', 'APPROVED'), ('PENDING_APPROVAL', 'REJECTED'), ('PENDING_APPROVAL', 'CANCELLED'),
  ('APPROVED', 'POSTED'), ('APPROVED', 'REJECTED'), ('APPROVED', 'EXCEPTION'),
  ('POSTED', 'QUEUED'), ('POSTED', 'EXCEPTION'), ('POSTED', 'COMPLETED'),
  ('QUEUED', 'SENT'), ('QUEUED', 'COMPLETED'), ('QUEUED', 'FAILED'), ('QUEUED', 'EXCEPTION'),
  ('SENT', 'COMPLETED'), ('SENT', 'FAILED'), ('SENT', 'QUEUED'), ('SENT', 'EXCEPTION'),
  ('EXCEPTION', 'APPROVED'), ('EXCEPTION', 'QUEUED'), ('EXCEPTION', 'FAILED');

CREATE FUNCTION payments_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
       SELECT 1 FROM payment_transitions WHERE from_status = OLD.status AND to_status = NEW.status) THEN
    RAISE EXCEPTION 'illegal payment transition % -> %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_transition BEFORE UPDATE OF status ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_check_transition();
