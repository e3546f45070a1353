-- Batched work: a payment may pass through several states in one update, and
-- the postings of many entries move the balances once per account.

-- Every history row is a legal hop of the state machine (or the creation of a
-- payment as INITIATED or REJECTED).
CREATE FUNCTION payment_history_check_hop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.from_status IS NULL THEN
    IF NEW.to_status NOT IN ('INITIATED', 'REJECTED') THEN
      RAISE EXCEPTION 'a payment is created INITIATED or REJECTED, not %', NEW.to_status
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM payment_transitions
                    WHERE from_status = NEW.from_status AND to_status = NEW.to_status) THEN
    RAISE EXCEPTION 'illegal payment transition % -> %', NEW.from_status, NEW.to_status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_history_hop BEFORE INSERT ON payment_history
  FOR EACH ROW EXECUTE FUNCTION payment_history_check_hop();

-- A status change must be recorded first: the payment's latest history rows
-- must lead, hop by hop (each legal, see above), from the old status to the
-- new one. So the pipeline can move a payment INITIATED -> SCREENING ->
-- APPROVED -> POSTED -> QUEUED in one update, with a history row per hop, and
-- no status changes without its history.
CREATE OR REPLACE FUNCTION payments_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  expected text := NEW.status;
  hop record;
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  FOR hop IN SELECT from_status, to_status FROM payment_history
             WHERE payment_id = NEW.id ORDER BY id DESC LIMIT 16 LOOP
    EXIT WHEN hop.to_status IS DISTINCT FROM expected OR hop.from_status IS NULL;
    expected := hop.from_status;
    IF expected = OLD.status THEN
      RETURN NEW;
    END IF;
  END LOOP;
  RAISE EXCEPTION 'illegal payment transition % -> %: no recorded path of legal transitions', OLD.status, NEW.status
    USING ERRCODE = 'check_violation';
END $$;

-- Balances move once per account and statement, by the sum of the statement's
-- postings (a batch of 50 payments updates the settlement account once, not 50
-- times). The currency check is the row trigger's, for the whole statement.
DROP TRIGGER postings_apply ON postings;
DROP FUNCTION postings_apply();
CREATE FUNCTION postings_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.account_id, n.currency, a.currency AS account_currency INTO bad
    FROM new_postings n JOIN ledger_accounts a ON a.id = n.account_id
    WHERE a.currency <> n.currency LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'posting currency % does not match account % currency %', bad.currency, bad.account_id,
      bad.account_currency USING ERRCODE = 'check_violation';
  END IF;
  UPDATE ledger_accounts a SET balance_minor = a.balance_minor + s.total
    FROM (SELECT account_id, sum(amount_minor)::bigint AS total FROM new_postings GROUP BY account_id) s
    WHERE a.id = s.account_id;
  RETURN NULL;
END $$;
CREATE TRIGGER postings_apply AFTER INSERT ON postings REFERENCING NEW TABLE AS new_postings
  FOR EACH STATEMENT EXECUTE FUNCTION postings_apply();

-- Covered by payments_creditor_agent_day_idx (creditor_agent_bic, currency, created_at).
DROP INDEX payments_creditor_agent_idx;
