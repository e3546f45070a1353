DROP TABLE postings;
DROP FUNCTION journal_entry_balanced();
DROP FUNCTION postings_immutable();
DROP FUNCTION postings_apply();
DROP TABLE journal_entries;
DROP TABLE ledger_accounts;
