#!/usr/bin/env bash
# Instructions per second over one mutual-TLS FIX session, and the ceiling
# measured in the same run: QuickFIX alone (its FileStore, our dictionary,
# validation on) over the same TLS on loopback. gatewayd records each
# instruction as an INITIATED payment (PostgreSQL store, durable commits) and
# answers it only after the commit; its pipeline screens and posts them
# meanwhile on the same cores.
#
#   DATABASE_URL=<admin URL> tests/bench/fix_load.sh BUILD_DIR [COUNT]
#
# DATABASE_URL names a PostgreSQL server where a database may be created
# (gwbench_f_<pid>; dropped at the end), e.g. the output of
# `appliance/scripts/embedded-pg.sh start var/bench-pg`. EXTRA_SQL runs on the
# database after the migrations, to try a schema change against the same load
# (e.g. a migration's .down.sql, for a side-by-side run).
set -euo pipefail
build=$(cd "${1:?usage: fix_load.sh BUILD_DIR [COUNT]}" && pwd)
count=${2:-20000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
admin_url=${DATABASE_URL:?set DATABASE_URL to an admin URL of a PostgreSQL server}
ctl="$build/bin/gatewayctl"
load="$build/tests/bench/fix_load_bench"
work=$(mktemp -d)
db=gwbench_f_$$
url="${admin_url%/*}/$db"
http=${HTTP:-3722}
fix_port=${FIX_PORT:-9890}
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
[[ -n ${EXTRA_SQL:-} ]] && psql -q -v ON_ERROR_STOP=1 "$url" -c "$EXTRA_SQL" >/dev/null
"$root/appliance/scripts/demo-setup.sh" "$ctl" >/dev/null
"$ctl" pki init --dir "$work/pki" --names gw1,desk1 >/dev/null
debtor=DE44500105175407324931  # the demo customer account (appliance/scripts/demo-setup.sh)
cat >"$work/gateway.toml" <<TOML
[fix]
listen_port = $fix_port
ca_file = "$work/pki/ca.crt"
cert_file = "$work/pki/gw1-server.crt"
key_file = "$work/pki/gw1-server.key"

[[fix.session]]
name = "desk1"
sender_comp_id = "GATEWAY"
target_comp_id = "DESK1"
allow_names = ["desk1"]
debtor_accounts = ["$debtor"]
currencies = ["EUR"]
TOML
DATABASE_ALLOW_PRIVILEGED_ROLE=true PORT=$http LOG_DIR=$work/logs LOG_LEVEL=warn COMPLIANCE_REQUIRE_LISTS=false \
  "$build/bin/gatewayd" --config "$work/gateway.toml" >"$work/gatewayd.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "$count instructions over one FIX session (FIX.4.4, TLS on loopback), on $(nproc) cores"
"$load" baseline "$work/pki" "$count" | tee "$work/baseline.txt"
"$load" gateway "$work/pki" "$count" "$fix_port" "$debtor" | tee "$work/gateway.txt"
rate() { sed -n 's/.*: \([0-9]*\) instructions\/s.*/\1/p' "$1"; }
b=$(rate "$work/baseline.txt") g=$(rate "$work/gateway.txt")
echo "ratio gatewayd / QuickFIX alone: $(awk -v g="$g" -v b="$b" 'BEGIN { printf "%.2f", g / b }')"
echo "payments recorded: $(psql -Atq "$url" -c "SELECT count(*) FROM payments WHERE source = 'fix:desk1'")"
echo "gatewayd resident memory: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$pid/status)"
