DROP TRIGGER payment_history_hop ON payment_history;
CREATE OR REPLACE FUNCTION payment_history_check_hop() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER payments_zz_fix_status_outbox ON payments;
DROP TRIGGER payments_zz_created ON payments;
DROP FUNCTION payments_created();
CREATE OR REPLACE FUNCTION payments_fix_status_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF NEW.status = (SELECT o.status FROM fix_status_outbox o WHERE o.payment_id = NEW.id
                     ORDER BY o.id DESC LIMIT 1) THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO fix_status_outbox (session, payment_id, status, reason_code, reason)
    VALUES (substr(NEW.source, 5), NEW.id, NEW.status, NEW.reason_code, NEW.reason);
  RETURN NULL;
END $$;
CREATE TRIGGER payments_zz_fix_status_outbox AFTER INSERT OR UPDATE OF status ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_fix_status_outbox();
