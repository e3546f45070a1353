#!/usr/bin/env bash
# Reconciliation at scale (gateway/reconciliation/README.md):
#   1. a day of N payments (default 1,000,000) on one link, sent, answered and
#      posted, with its camt.053 split into pages of 10,000 entries, seeded in
#      SQL; then `gatewayctl recon run` of that day, timed;
#   2. a camt.053 file of about SIZE_MB (default 100) imported as a stream by
#      `gatewayctl recon import`, with its peak memory (/usr/bin/time -v).
#
#   DATABASE_URL=<owner URL of a scratch cluster> tests/bench/reconciliation_load.sh BUILD_DIR [N] [SIZE_MB]
# Creates (and drops afterwards) the database recon_bench on that cluster;
# KEEP_DB=1 keeps it (to rerun `gatewayctl recon run` against it by hand).
set -euo pipefail
build=${1:?usage: reconciliation_load.sh BUILD_DIR [N] [SIZE_MB]}
n=${2:-1000000}
size_mb=${3:-100}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ctl="$build/bin/gatewayctl"
admin_url=${DATABASE_URL:?set DATABASE_URL to a scratch cluster owner URL}
url="${admin_url%/*}/recon_bench"
work=$(mktemp -d)
trap 'rm -rf "$work"; [[ -n ${KEEP_DB:-} ]] || psql -q "$admin_url" -c "DROP DATABASE IF EXISTS recon_bench" >/dev/null 2>&1 || true' EXIT

psql -q "$admin_url" -c "DROP DATABASE IF EXISTS recon_bench" -c "CREATE DATABASE recon_bench" >/dev/null
DATABASE_URL=$url "$ctl" migrate >/dev/null
day=2026-01-15

echo "seeding $n payments and their camt.053 for $day ..."
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 "$url" <<SQL
INSERT INTO ledger_accounts (id, kind, currency, name, iban, allow_overdraft) VALUES
  ('CUST-BENCH', 'customer', 'EUR', 'Bench customer', 'DE89370400440532013000', true);
INSERT INTO ledger_accounts (id, kind, currency, name, counterparty, allow_overdraft, iban) VALUES
  ('NOSTRO-BENCH-EUR', 'settlement', 'EUR', 'Bench settlement', 'bench-bank', true, 'BE71096123456769');
SET session_replication_role = replica;  -- seeding only: no per-row triggers (balances set below)
INSERT INTO payments (id, direction, status, source, idempotency_key, end_to_end_id, uetr, debtor_name, debtor_account,
  debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, currency, created_by, link_name,
  created_at, updated_at)
SELECT md5('p' || i)::uuid, 'outbound', 'COMPLETED', 'api', 'k' || i, 'E2E-' || i,
  (substr(md5('u' || i), 1, 12) || '4' || substr(md5('u' || i), 14, 3) || '8' || substr(md5('u' || i), 18, 15))::uuid,
  'Bench', 'DE89370400440532013000', 'GWAYDEFFXXX', 'Creditor', 'FR7630006000011234567890189', 'BANKDEFF',
  100 + i % 100000, 'EUR', 'bench', 'bench-bank', '$day 08:00:00+00'::timestamptz + i * interval '30 ms',
  '$day 08:00:00+00'::timestamptz + i * interval '30 ms'
FROM generate_series(1, $n) i;
INSERT INTO journal_entries (id, kind, idempotency_key, payment_id, description, created_at)
SELECT i, 'payment', 'payment:' || md5('p' || i)::uuid, md5('p' || i)::uuid, 'bench',
  '$day 08:00:00+00'::timestamptz + i * interval '30 ms' FROM generate_series(1, $n) i;
SELECT setval('journal_entries_id_seq', $n);
INSERT INTO postings (entry_id, account_id, currency, amount_minor, created_at)
SELECT i, a, 'EUR', CASE WHEN a = 'CUST-BENCH' THEN -(100 + i % 100000) ELSE 100 + i % 100000 END,
  '$day 08:00:00+00'::timestamptz + i * interval '30 ms'
FROM generate_series(1, $n) i, (VALUES ('CUST-BENCH'), ('NOSTRO-BENCH-EUR')) v(a);
INSERT INTO payment_messages (id, payment_id, direction, message_type, msg_id, content)
SELECT i, md5('p' || i)::uuid, 'out', 'pacs.008.001.08', 'MSG' || i, '-' FROM generate_series(1, $n) i;
INSERT INTO outbox (link_name, payment_id, message_id, msg_id, uetr, status, answer_status, sent_at, answered_at)
SELECT 'bench-bank', md5('p' || i)::uuid, i, 'MSG' || i,
  (substr(md5('u' || i), 1, 12) || '4' || substr(md5('u' || i), 14, 3) || '8' || substr(md5('u' || i), 18, 15))::uuid,
  'ACKED', 'ACSP', now(), now() FROM generate_series(1, $n) i;
INSERT INTO recon_statements (id, message_type, msg_id, statement_ref, page_number, last_page, account_ref,
  settlement_account, link_name, currency, business_date, opening_balance_minor, closing_balance_minor, entry_count,
  source, imported_by)
SELECT pg, 'camt.053.001.08', 'BENCH-053-' || pg, 'BENCH-STMT-$day', pg, pg = ($n + 9999) / 10000,
  'BE71096123456769', 'NOSTRO-BENCH-EUR', 'bench-bank', 'EUR', '$day', 0, 0, 10000, 'bench', 'bench'
FROM generate_series(1, ($n + 9999) / 10000) pg;
SELECT setval('recon_statements_id_seq', ($n + 9999) / 10000);
INSERT INTO recon_statement_entries (statement_id, seq, settlement_account, link_name, business_date, currency,
  amount_minor, credit_debit, entry_status, booking_date, value_date, acct_svcr_ref, uetr, end_to_end_id)
SELECT (i - 1) / 10000 + 1, (i - 1) % 10000 + 1, 'NOSTRO-BENCH-EUR', 'bench-bank', '$day', 'EUR',
  100 + i % 100000 + CASE WHEN i % 1000 = 0 THEN 1 ELSE 0 END, 'DBIT', 'BOOK', '$day', '$day', 'REF' || i,
  (substr(md5('u' || i), 1, 12) || '4' || substr(md5('u' || i), 14, 3) || '8' || substr(md5('u' || i), 18, 15))::uuid,
  'E2E-' || i
FROM generate_series(1, $n) i WHERE i % 997 <> 0;
SET session_replication_role = origin;
UPDATE ledger_accounts a SET balance_minor = s.total FROM
  (SELECT account_id, sum(amount_minor) total FROM postings GROUP BY 1) s WHERE a.id = s.account_id;
ANALYZE;
SQL
echo "seeded in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"

echo "== gatewayctl recon run --date $day (N=$n)"
/usr/bin/time -v env DATABASE_URL=$url "$ctl" recon run --date $day --link bench-bank 2> "$work/run.time" || { cat "$work/run.time"; exit 1; }
grep -E "Elapsed|Maximum resident" "$work/run.time"
psql -qAt "$url" -c "SELECT 'items ' || count(*) || ', unmatched ' || count(*) FILTER (WHERE status = 'UNMATCHED') FROM recon_items"
echo "== second run (same fingerprint expected)"
/usr/bin/time -v env DATABASE_URL=$url "$ctl" recon run --date $day --link bench-bank 2> "$work/run2.time" || { cat "$work/run2.time"; exit 1; }
grep -E "Elapsed" "$work/run2.time"

echo "== gatewayctl recon import of a ~${size_mb} MB camt.053"
python3 - "$work/big.xml" "$size_mb" <<'PY'
import sys, uuid
path, mb = sys.argv[1], int(sys.argv[2])
with open(path, 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
            '<BkToCstmrStmt><GrpHdr><MsgId>BENCH-BIG-1</MsgId><CreDtTm>2026-01-16T18:05:00Z</CreDtTm></GrpHdr>'
            '<Stmt><Id>BENCH-BIG-STMT</Id><Acct><Id><IBAN>BE71096123456769</IBAN></Id><Ccy>EUR</Ccy></Acct>'
            '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            '<Dt><Dt>2026-01-16</Dt></Dt></Bal>\n')
    i = 0
    while f.tell() < mb * 1024 * 1024:
        i += 1
        f.write('<Ntry><Amt Ccy="EUR">%d.%02d</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
                '<BookgDt><Dt>2026-01-16</Dt></BookgDt><ValDt><Dt>2026-01-16</Dt></ValDt>'
                '<AcctSvcrRef>BIG-%d</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd>'
                '<SubFmlyCd>XBCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><MsgId>M%d</MsgId>'
                '<EndToEndId>E2E-BIG-%d</EndToEndId><UETR>%s</UETR></Refs><Amt Ccy="EUR">%d.%02d</Amt>'
                '<CdtDbtInd>DBIT</CdtDbtInd><AddtlTxInf>Invoice %d of the bench customer, paid in full</AddtlTxInf>'
                '</TxDtls></NtryDtls></Ntry>\n'
                % (i % 9999 + 1, i % 100, i, i, i, uuid.uuid4(), i % 9999 + 1, i % 100, i))
    f.write('</Stmt></BkToCstmrStmt></Document>\n')
    print('entries', i)
PY
ls -l "$work/big.xml" | awk '{printf "file: %.1f MB\n", $5 / 1048576}'
/usr/bin/time -v env DATABASE_URL=$url "$ctl" recon import "$work/big.xml" 2> "$work/import.time" || { cat "$work/import.time"; exit 1; }
grep -E "Elapsed|Maximum resident" "$work/import.time"
