-- FIX sessions: QuickFIX's message store (gateway/fix/pg_message_store.h) and
-- the status reports each FIX session owes its counterparty.
--
-- gateway_runtime gets its row rights on these tables from the default
-- privileges of 0006; what it must not do is revoked below.

-- One row per QuickFIX session: its sequence numbers and creation time.
-- session_key is QuickFIX's SessionID::toString(), e.g. FIX.4.4:GATEWAY->DESK1.
CREATE TABLE fix_store_sessions (
  session_key     text PRIMARY KEY,
  creation_time   timestamptz NOT NULL,
  next_sender_seq integer NOT NULL,
  next_target_seq integer NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The messages a session sent, kept for the counterparty's resend requests.
-- A session reset (QuickFIX's reset()) deletes them.
CREATE TABLE fix_store_messages (
  session_key text NOT NULL,
  seq         integer NOT NULL,
  body        text NOT NULL,
  stored_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_key, seq)
);

-- Status changes of payments that arrived over FIX, to report to their session
-- in id order. sent_seq is the MsgSeqNum of the report, set in the transaction
-- that stored the report in fix_store_messages: a report is sent once as a new
-- message, and after that only resent as that message.
CREATE TABLE fix_status_outbox (
  id          bigserial PRIMARY KEY,
  session     text NOT NULL,                          -- <session> of the payment's source fix:<session>
  payment_id  uuid NOT NULL REFERENCES payments (id),
  status      text NOT NULL,
  reason_code text,
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- 'change': the payment moved to `status`; 'query': the answer to a repeated
  -- ClOrdID (its last reported status again, ExecType I), queued behind the
  -- session's other reports so that it never overtakes one.
  kind        text NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'query')),
  sent_seq    integer,
  sent_at     timestamptz
);
CREATE INDEX fix_status_outbox_pending_idx ON fix_status_outbox (session, id) WHERE sent_seq IS NULL;
CREATE INDEX fix_status_outbox_payment_idx ON fix_status_outbox (payment_id, id);

-- Every status a FIX counterparty hears about, queued in the transaction that
-- makes it: on creation, and on each change of status (not on other updates).
CREATE FUNCTION payments_fix_status_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.source NOT LIKE 'fix:%'
     OR NEW.status NOT IN ('INITIATED', 'COMPLIANCE_HOLD', 'PENDING_APPROVAL', 'SENT', 'COMPLETED', 'FAILED',
                           'REJECTED', 'CANCELLED', 'EXCEPTION') THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
      RETURN NULL;
    END IF;
    -- Sent again after a restart (QUEUED -> SENT once more): the session was
    -- already told.
    IF NEW.status = (SELECT o.status FROM fix_status_outbox o WHERE o.payment_id = NEW.id
                     ORDER BY o.id DESC LIMIT 1) THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO fix_status_outbox (session, payment_id, status, reason_code, reason)
    VALUES (substr(NEW.source, 5), NEW.id, NEW.status, NEW.reason_code, NEW.reason);
  RETURN NULL;
END $$;
-- An AFTER trigger runs once every BEFORE trigger of the row (payments_transition,
-- payments_zz_four_eyes) has accepted the change, so it queues only statuses
-- that hold; "zz" keeps it behind any other AFTER trigger a later migration adds.
CREATE TRIGGER payments_zz_fix_status_outbox AFTER INSERT OR UPDATE OF status ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_fix_status_outbox();

-- gatewayd keeps sessions and never deletes one (an operator does, as the
-- owner). It marks a queued status as sent and changes nothing else in it.
-- fix_store_messages keeps every row right: reset() deletes a session's messages.
REVOKE DELETE ON fix_store_sessions FROM gateway_runtime;
REVOKE UPDATE, DELETE ON fix_status_outbox FROM gateway_runtime;
GRANT UPDATE (sent_seq, sent_at) ON fix_status_outbox TO gateway_runtime;
