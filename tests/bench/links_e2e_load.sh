#!/usr/bin/env bash
# End-to-end throughput between two gateways on this machine: bank A (its own
# database) sends to bank B (its own database) over mutual TLS on loopback.
# Payments enter A's REST API (`gatewayctl load`), go through A's pipeline and
# outbox, across the link to B, which credits its customer and answers; the
# figures are from "created at A" to "B's answer recorded at A".
#
#   DATABASE_URL=<admin URL> tests/bench/links_e2e_load.sh BUILD_DIR [COUNT] [CONCURRENCY] [RATE]
#
# DATABASE_URL names a PostgreSQL server where two databases may be created
# (gwbench_a_<pid>, gwbench_b_<pid>; dropped at the end), e.g. the output of
# `appliance/scripts/embedded-pg.sh start var/bench-pg`. RATE 0: as fast as possible.
# Environment: POOL (connections per link, 2), WINDOW (unanswered messages, 64),
# WORKERS (pipeline workers per gateway, 2), HTTP_A/HTTP_B/LINK_A/LINK_B ports.
# MODE=drain measures the links alone: B starts only once every payment is in A's
# outbox, and the figure is B's start -> the last answer recorded at A.
set -euo pipefail
build=$(cd "${1:?usage: links_e2e_load.sh BUILD_DIR [COUNT] [CONCURRENCY] [RATE]}" && pwd)
count=${2:-5000}
concurrency=${3:-32}
rate=${4:-0}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
admin_url=${DATABASE_URL:?set DATABASE_URL to an admin URL of a PostgreSQL server}
mode=${MODE:-through}
pool=${POOL:-2} window=${WINDOW:-64} workers=${WORKERS:-2}
http_a=${HTTP_A:-3711} http_b=${HTTP_B:-3712} link_a=${LINK_A:-7711} link_b=${LINK_B:-7712}
ctl="$build/bin/gatewayctl"
work=$(mktemp -d)
db_a=gwbench_a_$$ db_b=gwbench_b_$$
url_a="${admin_url%/*}/$db_a" url_b="${admin_url%/*}/$db_b"
password="bench password $$"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db_a" -c "DROP DATABASE IF EXISTS $db_b" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$admin_url" -c "CREATE DATABASE $db_a" -c "CREATE DATABASE $db_b" >/dev/null
DATABASE_URL=$url_a "$ctl" migrate >/dev/null
DATABASE_URL=$url_b "$ctl" migrate >/dev/null
"$ctl" pki init --dir "$work/pki" --names bank-a,bank-b >/dev/null

a() { DATABASE_URL=$url_a "$ctl" "$@" >/dev/null; }
b() { DATABASE_URL=$url_b "$ctl" "$@" >/dev/null; }
echo "$password" | a operator add --username bench-maker --role maker --password-stdin
a ledger account add --id CUST-BENCH --kind customer --currency EUR --name "Bench Debtor" --iban DE44500105175407324931
a ledger account add --id NOSTRO-BANKB-EUR --kind settlement --currency EUR --name "Bank B" --counterparty bank-b --overdraft
a route add --bic-prefix BANKDE --link bank-b
printf 'account_id,amount\nCUST-BENCH,900000000.00\n' >"$work/opening.csv"
a ledger import "$work/opening.csv"
b ledger account add --id CUST-BENCH-CREDITOR --kind customer --currency EUR --name "Bench Creditor" \
  --iban FR7630006000011234567890189
b ledger account add --id VOSTRO-BANKA-EUR --kind settlement --currency EUR --name "Bank A" --counterparty bank-a --overdraft
# Screening fails closed: with no list in force every payment would be held. Both
# banks screen against the demo watch list, as the run command's gateway does.
a sanctions import --format watchlist "$root/appliance/config/demo/watchlist.csv"
b sanctions import --format watchlist "$root/appliance/config/demo/watchlist.csv"

config() {  # name bic listen_port peer peer_port
  cat <<TOML
[pipeline]
our_bic = "$2"
workers = $workers
[links]
node_name = "$1-1"
ca_file = "$work/pki/ca.crt"
client_cert_file = "$work/pki/$1-client.crt"
client_key_file = "$work/pki/$1-client.key"
server_cert_file = "$work/pki/$1-server.crt"
server_key_file = "$work/pki/$1-server.key"
listen_port = $3
[[links.peer]]
name = "$4"
port = $5
server_name = "$4"
pool_size = $pool
window = $window
allow_names = ["$4"]
breaker_cooldown_ms = 500
backoff_max_ms = 500
TOML
}
config bank-a GWAYDEFFXXX "$link_a" bank-b "$link_b" >"$work/a.toml"
config bank-b BANKDEFFXXX "$link_b" bank-a "$link_a" >"$work/b.toml"

start() {  # url port config logdir
  # The benchmark's database user owns the schema; a deployment runs gatewayd
  # as a runtime role (docs/database-roles.md), which costs nothing per statement.
  DATABASE_ALLOW_PRIVILEGED_ROLE=true DATABASE_URL=$1 PORT=$2 LOG_DIR=$4 LOG_LEVEL=warn "$build/bin/gatewayd" --config "$3" >"$4.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "gatewayd on port $2 did not start; see $4.out" >&2
  cat "$4.out" >&2
  return 1
}
[[ $mode == drain ]] || start "$url_b" "$http_b" "$work/b.toml" "$work/logs-b"
start "$url_a" "$http_a" "$work/a.toml" "$work/logs-a"

echo "$count payments, concurrency $concurrency, rate ${rate:-0}/s (0: unlimited); link pool $pool, window $window; pipeline workers $workers"
set +e
if [[ $mode == drain ]]; then
  echo "$password" | DATABASE_URL=$url_a "$ctl" load --port "$http_a" --count "$count" --concurrency "$concurrency" \
    --rate "$rate" --username bench-maker --password-stdin --iban DE44500105175407324931 --wait --run-id "bench$$"
  started=$(date +%s.%N)
  start "$url_b" "$http_b" "$work/b.toml" "$work/logs-b"
  status=1
  for _ in $(seq 3000); do
    open=$(psql -qtA "$url_a" -c "SELECT count(*) FROM outbox WHERE status IN ('PENDING', 'SENT')")
    [[ $open -eq 0 ]] && { status=0; break; }
    sleep 0.2
  done
  psql -qtA "$url_a" -c "SELECT 'links: ' || count(*) FILTER (WHERE status = 'ACKED') || ' ACK, ' ||
      count(*) FILTER (WHERE status <> 'ACKED') || ' other; ' ||
      round((count(*) / extract(epoch FROM max(answered_at) - to_timestamp($started)))::numeric, 1) ||
      ' payments/s from starting bank B to the last answer at A (includes B start-up)'
    FROM outbox"
else
  echo "$password" | DATABASE_URL=$url_a "$ctl" load --port "$http_a" --count "$count" --concurrency "$concurrency" \
    --rate "$rate" --username bench-maker --password-stdin --iban DE44500105175407324931 --answered --run-id "bench$$"
  status=$?
fi
set -e
credited=$(psql -qtA "$url_b" -c "SELECT count(*) FROM payments WHERE direction = 'inbound' AND status = 'COMPLETED'")
distinct=$(psql -qtA "$url_b" -c "SELECT count(DISTINCT end_to_end_id) FROM payments WHERE direction = 'inbound'")
echo "bank B: $credited payments credited ($distinct distinct end-to-end ids)"
DATABASE_URL=$url_a "$ctl" ledger trial-balance | sed 's/^/bank A ledger: /'
DATABASE_URL=$url_b "$ctl" ledger trial-balance | sed 's/^/bank B ledger: /'
exit $status
