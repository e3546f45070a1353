DROP TRIGGER IF EXISTS payments_zz_fix_status_outbox ON payments;
DROP FUNCTION IF EXISTS payments_fix_status_outbox();
DROP TABLE IF EXISTS fix_status_outbox;
DROP TABLE IF EXISTS fix_store_messages;
DROP TABLE IF EXISTS fix_store_sessions;
