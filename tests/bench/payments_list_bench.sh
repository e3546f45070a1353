#!/usr/bin/env bash
# The console's payments list over many payments: seeds COUNT payments (default
# 1,000,000; statuses, amounts, counterparties, names and dates spread as in a
# busy year) straight into the database, then times filtered pages of
# GET /api/v1/payments (50 rows, keyset-paginated) through gatewayd and prints
# p50 and p99 per filter. Target: every filtered page <= 200 ms.
#
#   DATABASE_URL=<admin URL> tests/bench/payments_list_bench.sh BUILD_DIR [COUNT] [RUNS]
#
# DATABASE_URL names a PostgreSQL server where a database may be created
# (gwbench_l_<pid>; dropped at the end), e.g. the output of
# `appliance/scripts/embedded-pg.sh start var/bench-pg`. HTTP (port, 3722).
set -euo pipefail
build=$(cd "${1:?usage: payments_list_bench.sh BUILD_DIR [COUNT] [RUNS]}" && pwd)
count=${2:-1000000}
runs=${3:-20}
admin_url=${DATABASE_URL:?set DATABASE_URL to an admin URL of a PostgreSQL server}
http=${HTTP:-3722}
ctl="$build/bin/gatewayctl"
work=$(mktemp -d)
db=gwbench_l_$$
url="${admin_url%/*}/$db"
password="bench password $$"
pid=
cleanup() {
  [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$admin_url" -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL=$url
"$ctl" migrate >/dev/null
echo "$password" | "$ctl" operator add --username bench-auditor --role auditor --password-stdin >/dev/null

echo "seeding $count payments..."
t0=$(date +%s)
psql -q -v ON_ERROR_STOP=1 "$url" <<SQL
SET synchronous_commit = off;
INSERT INTO payments (id, direction, status, source, idempotency_key, msg_id, end_to_end_id, uetr,
  debtor_name, debtor_account, debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic,
  amount_minor, currency, created_by, link_name, created_at, updated_at)
SELECT gen_random_uuid(),
  CASE WHEN g % 20 = 0 THEN 'inbound' ELSE 'outbound' END,
  CASE WHEN g % 1000 < 900 THEN 'COMPLETED' WHEN g % 1000 < 940 THEN 'FAILED' WHEN g % 1000 < 970 THEN 'REJECTED'
       WHEN g % 1000 < 980 THEN 'EXCEPTION' WHEN g % 1000 < 990 THEN 'PENDING_APPROVAL' WHEN g % 1000 < 995 THEN 'SENT'
       ELSE 'COMPLIANCE_HOLD' END,
  CASE WHEN g % 20 = 0 THEN 'link:demo-bank' WHEN g % 7 = 0 THEN 'api-xml' ELSE 'api' END,
  'bench-' || g, 'MSG-' || (g / 10), 'E2E-' || g, gen_random_uuid(),
  (ARRAY['Anna','Bernd','Chiara','Dmitri','Elena','Farid','Greta','Hugo','Ines','Jonas','Katja','Luca','Mira','Nils','Olga','Paul','Rosa','Sven','Tara','Yusuf'])[1 + g % 20] || ' ' ||
  (ARRAY['Schmidt','Dubois','Rossi','Novak','Garcia','Jansen','Kowalski','Nielsen','Silva','Weber','Moreau','Ferrari','Horvat','Lopez','Bakker','Nowak','Berg','Costa','Meyer','Laurent','Fischer','Bauer','Keller','Wolf','Richter'])[1 + (g / 20) % 25] ||
  (ARRAY[' GmbH', ' SA', ' Ltd', '', ' AG'])[1 + g % 5],
  'DE44500105175407324931', 'GWAYDEFFXXX',
  (ARRAY['Empfaenger AG','Lieferant GmbH','Fournisseur SARL','Fornitore SpA','Proveedor SL','Leverancier BV','Supplier Ltd'])[1 + (g / 3) % 7] || ' ' || (g % 997),
  'DE89370400440532013000',
  (ARRAY['BANKDEFFXXX','BANKFRPPXXX','DEUTDEFFXXX','COBADEFFXXX','BNPAFRPPXXX'])[1 + g % 5],
  100 + (g::bigint * 7919) % 10000000, CASE WHEN g % 10 = 3 THEN 'USD' ELSE 'EUR' END,
  'bench-maker', 'demo-bank',
  now() - (g * interval '31 seconds'), now() - (g * interval '31 seconds') + interval '5 seconds'
FROM generate_series(1, $count) g;
ANALYZE payments;
SQL
echo "seeded in $(( $(date +%s) - t0 )) s; $(psql -qAt "$url" -c "SELECT pg_size_pretty(pg_total_relation_size('payments'))") with indexes"

DATABASE_ALLOW_PRIVILEGED_ROLE=true PORT=$http LOG_DIR=$work/logs LOG_LEVEL=warn "$build/bin/gatewayd" >"$work/gatewayd.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
  sleep 0.2
done
token=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"bench-auditor\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$http/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')

deep=$(psql -qAt "$url" -c "SELECT id FROM payments ORDER BY created_at DESC, id DESC OFFSET $((count * 9 / 10)) LIMIT 1")
uetr=$(psql -qAt "$url" -c "SELECT uetr FROM payments ORDER BY created_at LIMIT 1 OFFSET $((count / 2))")
month_from=$(date -u -d '-60 days' +%F) month_to=$(date -u -d '-30 days' +%F)
queries=(
  ""
  "status=COMPLIANCE_HOLD"
  "status=COMPLETED&from=$month_from&to=$month_to"
  "min_amount=50000&max_amount=50100"
  "counterparty=BNPAFR"
  "direction=inbound"
  "source=api-xml&currency=USD"
  "q=E2E-$((count / 3))"
  "q=$uetr"
  "q=MSG-$((count / 40))"
  "q=rossi"
  "q=fornitore%20spa%20996"
  "status=FAILED&counterparty=BANKDE&min_amount=1000&max_amount=20000"
  "stuck=true"
  "before=$deep"
  "status=EXCEPTION&before=$deep"
)
printf '%-62s %6s %9s %9s\n' "filter (limit=50)" rows "p50 ms" "p99 ms"
worst=0
for q in "${queries[@]}"; do
  rows=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/payments?limit=50&$q" | grep -o '"end_to_end_id"' | wc -l)
  times=()
  for _ in $(seq "$runs"); do
    times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/payments?limit=50&$q")")
  done
  read -r p50 p99 < <(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {i50=int((NR+1)*0.5); i99=int(NR*0.99+0.999); if(i99>NR)i99=NR; printf "%.1f %.1f\n", a[i50]*1000, a[i99]*1000}')
  printf '%-62s %6s %9s %9s\n' "${q:-(none)}" "$rows" "$p50" "$p99"
  worst=$(awk -v a="$worst" -v b="$p99" 'BEGIN {print (b > a ? b : a)}')
done
echo "worst p99: $worst ms (target 200 ms)"
