-- Least privilege for gatewayd, four eyes on every approval, and idempotency
-- keys bound to what was asked.

-- The runtime role. gatewayd connects as a login role that is a member of
-- gateway_runtime (see docs/database-roles.md), never as the owner of the
-- schema or a superuser: it may read and write rows, but not change the schema,
-- switch off a trigger, truncate a table, or rewrite the audit trail, the
-- journal or a payment's history. The role is cluster-wide; the database that
-- applies this migration grants it what gatewayd needs here.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_runtime') THEN
    BEGIN
      CREATE ROLE gateway_runtime NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;  -- created meanwhile by another database's migration
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role gateway_runtime does not exist and this user may not create it: '
                        'CREATE ROLE gateway_runtime NOLOGIN as an administrator first (docs/database-roles.md)';
    END;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO gateway_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gateway_runtime;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gateway_runtime;
-- Tables later migrations create (as the same owner) get the same rights; a
-- migration that adds an append-only table revokes what it must not have.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gateway_runtime;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gateway_runtime;
-- Append-only for gatewayd: the audit trail, the journal and its postings, each
-- payment's history, and the screening record.
REVOKE UPDATE, DELETE ON audit_logs, journal_entries, postings, payment_history, screening_results
  FROM gateway_runtime;
-- Read-only: the state machine and the migrations applied.
REVOKE INSERT, UPDATE, DELETE ON payment_transitions, schema_migrations FROM gateway_runtime;

-- Four eyes. A payment leaves PENDING_APPROVAL for APPROVED (or further, in one
-- batched update) only with a manual approval by an operator other than its
-- maker, and the approval hop of its history names that operator. The check
-- constraint payments_four_eyes already refuses approved_by = created_by for a
-- manual approval; this closes the other ways round it (an automatic approval,
-- or none, of a payment that waited for a checker).
CREATE FUNCTION payments_check_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  approver text;
BEGIN
  -- Every way out of PENDING_APPROVAL but these leads through APPROVED.
  IF OLD.status = 'PENDING_APPROVAL' AND NEW.status IS DISTINCT FROM OLD.status
     AND NEW.status NOT IN ('REJECTED', 'CANCELLED', 'COMPLIANCE_HOLD') THEN
    IF NEW.approval_mode IS DISTINCT FROM 'manual' OR NEW.approved_by IS NULL
       OR NEW.approved_by = NEW.created_by THEN
      RAISE EXCEPTION 'four eyes: payment % leaves PENDING_APPROVAL without a manual approval by an operator other than its maker %',
        NEW.id, NEW.created_by USING ERRCODE = 'check_violation';
    END IF;
    SELECT actor INTO approver FROM payment_history
      WHERE payment_id = NEW.id AND from_status = 'PENDING_APPROVAL' AND to_status = 'APPROVED'
      ORDER BY id DESC LIMIT 1;
    IF approver IS DISTINCT FROM NEW.approved_by THEN
      RAISE EXCEPTION 'four eyes: the approval of payment % is recorded for %, not for the approver %',
        NEW.id, coalesce(approver, 'nobody'), NEW.approved_by USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
-- Named to fire after payments_transition (triggers fire in name order), so a
-- status change without its recorded path is refused by that check first.
CREATE TRIGGER payments_zz_four_eyes BEFORE UPDATE OF status ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_check_four_eyes();

-- Idempotency: the hash of what the request asked for, kept with its key; the
-- same key with other content is a conflict, not a replay.
ALTER TABLE payments ADD COLUMN request_fingerprint text;
