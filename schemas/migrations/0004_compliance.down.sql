DELETE FROM payment_transitions WHERE to_status = 'COMPLIANCE_HOLD' AND from_status IN ('PENDING_APPROVAL', 'APPROVED');
DROP INDEX payments_creditor_agent_day_idx;
DROP INDEX payments_debtor_day_idx;
ALTER TABLE payments DROP COLUMN ultimate_debtor_name, DROP COLUMN ultimate_creditor_name,
  DROP COLUMN debtor_country, DROP COLUMN creditor_country;
DROP TABLE compliance_rules;
DROP TABLE screening_results;
DROP TABLE sanctions_entries;
DROP TABLE sanctions_list_versions;
