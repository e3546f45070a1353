#!/usr/bin/env bash
# Payments through one gateway: the REST API (`gatewayctl load`), the pipeline
# (screening, straight-through approval, posting, pacs.008 built and validated)
# to the outbox, durable commits on. Prints the API's throughput and latency
# percentiles and the end-to-end figures (payment created -> pacs.008 in the
# outbox) read from the database.
#
#   DATABASE_URL=<admin URL> tests/bench/pipeline_load.sh BUILD_DIR [COUNT] [CONCURRENCY] [RATE]
#
# DATABASE_URL names a PostgreSQL server where a database may be created
# (gwbench_p_<pid>; dropped at the end), e.g. the output of
# `appliance/scripts/embedded-pg.sh start var/bench-pg`. RATE 0: as fast as possible.
# All payments debit one customer account and credit one settlement account
# (the worst case for row locks). Environment: WORKERS (pipeline workers, 2),
# BATCH (payments per pipeline transaction, 50), HTTP (port, 3721).
set -euo pipefail
build=$(cd "${1:?usage: pipeline_load.sh BUILD_DIR [COUNT] [CONCURRENCY] [RATE]}" && pwd)
count=${2:-5000}
concurrency=${3:-32}
rate=${4:-0}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
admin_url=${DATABASE_URL:?set DATABASE_URL to an admin URL of a PostgreSQL server}
workers=${WORKERS:-2} batch=${BATCH:-50} http=${HTTP:-3721}
ctl="$build/bin/gatewayctl"
work=$(mktemp -d)
db=gwbench_p_$$
url="${admin_url%/*}/$db"
password="bench password $$"
pid=
cleanup() {
  [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$admin_url" -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL=$url
"$ctl" migrate >/dev/null
echo "$password" | "$ctl" operator add --username bench-maker --role maker --password-stdin >/dev/null
"$root/appliance/scripts/demo-setup.sh" "$ctl" >/dev/null
printf 'account_id,amount\nCUST-DEMO-DE44,900000000.00\n' >"$work/fund.csv"
"$ctl" ledger import "$work/fund.csv" >/dev/null
printf '[pipeline]\nworkers = %s\nbatch_size = %s\n[approval]\nstraight_through_sources = ["api"]\n' "$workers" "$batch" >"$work/gateway.toml"

# The benchmark's database user owns the schema; a deployment runs gatewayd as
# a runtime role (docs/database-roles.md), which costs nothing per statement.
DATABASE_ALLOW_PRIVILEGED_ROLE=true PORT=$http LOG_DIR=$work/logs LOG_LEVEL=warn "$build/bin/gatewayd" --config "$work/gateway.toml" >"$work/gatewayd.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "$count payments, concurrency $concurrency, rate $rate/s (0: unlimited); pipeline workers $workers, batch $batch"
echo "$password" | "$ctl" load --port "$http" --count "$count" --concurrency "$concurrency" --rate "$rate" \
  --username bench-maker --password-stdin --iban DE44500105175407324931 --wait --run-id "bench$$"
"$ctl" ledger trial-balance
