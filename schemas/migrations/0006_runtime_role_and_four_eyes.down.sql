ALTER TABLE payments DROP COLUMN request_fingerprint;
DROP TRIGGER payments_zz_four_eyes ON payments;
DROP FUNCTION payments_check_four_eyes();
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM gateway_runtime;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM gateway_runtime;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM gateway_runtime;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM gateway_runtime;
REVOKE USAGE ON SCHEMA public FROM gateway_runtime;
-- The role itself is cluster-wide and may serve other databases: it is kept.
