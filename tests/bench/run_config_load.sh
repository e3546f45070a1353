#!/usr/bin/env bash
# Payments through the gateway as README's run command starts it: the demo
# configuration (appliance/config/demo/links-demo.toml: the simulated bank over
# mutual TLS answering every payment, the demo FIX counterparty sending an
# instruction every 5 s), the demo watch list screening every party, request
# logs at the shipped level, four-eyes above the demo threshold (the load stays
# under it). Payments enter the REST API (`gatewayctl load`), are screened,
# posted, sent as pacs.008 to the demo bank and COMPLETED when its pacs.002
# arrives. Prints, from one run on the same machine:
#
#   1. COUNT payments at CONCURRENCY clients, as fast as they go: payments/s from
#      the first API call to the last COMPLETED, and created -> COMPLETED p50/p99;
#   2. RATE payments/s for RATE_SECONDS: the API's p99 and created -> COMPLETED p99;
#   3. pgbench's minimal durable payment transaction (one INSERT and one UPDATE
#      of a random one of 1,000 accounts, CONCURRENCY clients, 15 s) on the same
#      server: the ceiling, and the ratio of (1) to it;
#   4. gatewayd's resident memory idle and its peak (VmHWM) over the run.
#
#   DATABASE_URL=<admin URL> tests/bench/run_config_load.sh BUILD_DIR [COUNT] [CONCURRENCY] [RATE] [RATE_SECONDS]
#
# DATABASE_URL names a PostgreSQL server where databases may be created
# (gwbench_r_<pid>, gwbench_pgb_<pid>; dropped at the end), e.g. the output of
# `appliance/scripts/embedded-pg.sh start var/bench-pg`. Defaults: 5000 32 500 10.
# PERF_DATA=FILE records gatewayd with `perf record -g` during (1), to find
# where the time goes (`perf report -i FILE`). PG_STATEMENTS=N prints the N
# statements that took PostgreSQL the most time during (1) (needs
# shared_preload_libraries = 'pg_stat_statements' on the server). EXTRA_TOML
# is appended to the configuration (e.g. EXTRA_TOML='[pipeline]\nbatch_size = 200').
# EXTRA_SQL runs on the database after the migrations, to try a schema change
# against the same load (e.g. a migration's .down.sql, for a side-by-side run).
set -euo pipefail
build=$(cd "${1:?usage: run_config_load.sh BUILD_DIR [COUNT] [CONCURRENCY] [RATE] [RATE_SECONDS]}" && pwd)
count=${2:-5000}
concurrency=${3:-32}
rate=${4:-500}
rate_seconds=${5:-10}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
admin_url=${DATABASE_URL:?set DATABASE_URL to an admin URL of a PostgreSQL server}
ctl="$build/bin/gatewayctl"
work=$(mktemp -d)
db=gwbench_r_$$ pgb=gwbench_pgb_$$
url="${admin_url%/*}/$db" pgb_url="${admin_url%/*}/$pgb"
password="bench password $$"
pid=
cleanup() {
  [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $pgb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(free_port) bank=$(free_port) fixp=$(free_port)

psql -q "$admin_url" -c "CREATE DATABASE $db" -c "CREATE DATABASE $pgb" >/dev/null
export DATABASE_URL=$url
# What run.sh does for its embedded default.
"$ctl" migrate >/dev/null
[[ -n ${EXTRA_SQL:-} ]] && psql -q -v ON_ERROR_STOP=1 "$url" -c "$EXTRA_SQL" >/dev/null
GATEWAY_DEMO_PASSWORD="$password" "$ctl" demo-operators >/dev/null
"$root/appliance/scripts/demo-setup.sh" "$ctl" >/dev/null
"$ctl" pki init --dir "$work/pki" --names gw1,demo-bank,demo-desk >/dev/null
printf 'account_id,amount\nCUST-DEMO-DE44,900000000.00\n' >"$work/fund.csv"
"$ctl" ledger import "$work/fund.csv" >/dev/null
sed -e "s#\"var/pki/#\"$work/pki/#g" -e "s/\\b7450\\b/$bank/g" -e "s/\\b9880\\b/$fixp/g" \
  "$root/appliance/config/demo/links-demo.toml" >"$work/gateway.toml"
[[ -n ${EXTRA_TOML:-} ]] && printf '%b\n' "$EXTRA_TOML" >>"$work/gateway.toml"

# The benchmark's database user owns the schema; run.sh runs gatewayd as the
# runtime role (docs/database-roles.md), which costs nothing per statement.
DATABASE_ALLOW_PRIVILEGED_ROLE=true PORT=$http LOG_DIR=$work/logs "$build/bin/gatewayd" --config "$work/gateway.toml" \
  >"$work/gatewayd.out" 2>&1 &
pid=$!
for _ in $(seq 150); do
  curl -fs "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$http/health" >/dev/null || { echo "gatewayd did not become healthy:" >&2; cat "$work/gatewayd.out" >&2; exit 1; }
sleep 10
rss() { awk -v k="$1:" '$1 == k { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status"; }
idle_rss=$(rss VmRSS)

load() {  # count concurrency rate
  echo "$password" | "$ctl" load --port "$http" --count "$1" --concurrency "$2" --rate "$3" \
    --username demo-maker --password-stdin --iban DE44500105175407324931 --answered --run-id "bench$$-$3"
}
nproc_line="$(nproc) cores; gatewayd, the demo bank (in gatewayd), PostgreSQL and the load driver share them"
echo "== the run command's configuration: $nproc_line"
echo "== 1. $count payments, $concurrency clients, unlimited rate, API call -> COMPLETED"
# CPU seconds used during (1): the machine, gatewayd, PostgreSQL (every
# postgres process, with the ended backends counted in the postmaster's cutime).
cpu_snapshot() {
  python3 - "$pid" <<'PY'
import os, sys
hz = os.sysconf('SC_CLK_TCK')
with open('/proc/stat') as f:
    v = [int(x) for x in f.readline().split()[1:]]
busy = (sum(v) - v[3] - v[4]) / hz
def times(p, children=False):
    with open(f'/proc/{p}/stat') as f:
        x = f.read().rsplit(')', 1)[1].split()
    return (int(x[11]) + int(x[12]) + ((int(x[13]) + int(x[14])) if children else 0)) / hz
gw = times(sys.argv[1])
pg = 0.0
for p in os.listdir('/proc'):
    if not p.isdigit(): continue
    try:
        with open(f'/proc/{p}/comm') as f: comm = f.read().strip()
        if comm == 'postgres' or comm == 'postmaster':
            with open(f'/proc/{p}/stat') as f: ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            pg += times(p, children=True) if ppid == 1 or comm == 'postmaster' else times(p)
    except OSError:
        pass
print(busy, gw, pg)
PY
}
perf_pid=
[[ -n ${PERF_DATA:-} ]] && { perf record -q -g -p "$pid" -o "$PERF_DATA" 2>/dev/null & perf_pid=$!; }
if [[ -n ${PG_STATEMENTS:-} ]]; then
  psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
fi
read -r busy0 gw0 pg0 < <(cpu_snapshot)
t0=$(date +%s.%N)
out1=$(load "$count" "$concurrency" 0 | tee /dev/stderr)
read -r busy1 gw1 pg1 < <(cpu_snapshot)
t1=$(date +%s.%N)
cpu_line=$(awk -v t="$t0" -v T="$t1" -v b="$busy0" -v B="$busy1" -v g="$gw0" -v G="$gw1" -v p="$pg0" -v P="$pg1" -v n="$(nproc)" \
  'BEGIN { w = T - t; printf "CPU during (1), %.1f s wall: machine %.0f%% of %d cores; gatewayd %.2f cores, PostgreSQL %.2f cores, the rest (load driver, other) %.2f cores", w, 100 * (B - b) / (w * n), n, (G - g) / w, (P - p) / w, ((B - b) - (G - g) - (P - p)) / w }')
echo "$cpu_line"
[[ -n $perf_pid ]] && { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
if [[ -n ${PG_STATEMENTS:-} ]]; then
  psql -q "$url" -P pager=off -c "SELECT round(total_exec_time::numeric) AS total_ms, calls, rows,
      round((total_exec_time / calls)::numeric, 3) AS ms_per_call, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS statement
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time DESC LIMIT ${PG_STATEMENTS}"
fi
echo "== 2. $rate payments/s for $rate_seconds s, $concurrency clients"
load $((rate * rate_seconds)) "$concurrency" "$rate" >&2
peak_rss=$(rss VmHWM)

echo "== 3. pgbench: one INSERT and one UPDATE per transaction, $concurrency clients, 15 s, durable commits"
psql -q "$pgb_url" <<'SQL'
CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL);
INSERT INTO accounts SELECT g, 1000000 FROM generate_series(1, 1000) g;
CREATE TABLE payments (id bigserial PRIMARY KEY, account int NOT NULL, amount numeric NOT NULL,
                       created_at timestamptz NOT NULL DEFAULT now());
SQL
cat >"$work/payment.sql" <<'SQL'
\set aid random(1, 1000)
\set amount random(1, 100000)
BEGIN;
INSERT INTO payments (account, amount) VALUES (:aid, :amount);
UPDATE accounts SET balance = balance - :amount WHERE id = :aid;
END;
SQL
threads=$(nproc)
pgbench_tps=$(pgbench -n -c "$concurrency" -j "$threads" -T 15 -f "$work/payment.sql" "$pgb_url" 2>/dev/null |
  awk '/^tps = / { printf "%.0f", $3 }')

gw_rate=$(sed -n 's/.*; \([0-9.e+]*\) payments\/s from first API call to last answer.*/\1/p' <<<"$out1" | head -1)
echo "== summary"
echo "gatewayd, run command's configuration: ${gw_rate:-?} payments/s API call -> COMPLETED"
echo "pgbench minimal payment transaction:   $pgbench_tps transactions/s"
if [[ -n $gw_rate && -n $pgbench_tps ]]; then
  awk -v a="$gw_rate" -v b="$pgbench_tps" 'BEGIN { printf "ratio: %.2f\n", a / b }'
fi
echo "$cpu_line"
echo "gatewayd resident memory: idle $idle_rss, peak $peak_rss"
"$ctl" ledger trial-balance | sed 's/^/ledger: /'
