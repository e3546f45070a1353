#!/usr/bin/env bash
# Builds and runs the gateway. Without DATABASE_URL it runs on its embedded
# default: a private PostgreSQL under var/pg (started here, stopped on exit),
# migrated, with one demo operator per role, and a simulated counterparty bank
# ("demo-bank", built into gatewayd) reached over mutual TLS with development
# certificates under var/pki, and a demo FIX counterparty ("demo-desk", built
# into gatewayd too) that sends an instruction every 5 s to the FIX port
# 127.0.0.1:9880. Ctrl-C or SIGTERM stops everything and exits 0.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

appliance/scripts/install-deps.sh
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target gatewayd gatewayctl -j"$(nproc)"

ctl=build/bin/gatewayctl
embedded=0
gateway_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [[ -n "$gateway_pid" ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  if [[ $embedded -eq 1 ]]; then
    echo "stopping the embedded PostgreSQL"
    appliance/scripts/embedded-pg.sh stop var/pg || true
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 0' INT TERM

# DATABASE_URL: the schema owner's (migrations, gatewayctl). gatewayd runs as
# the runtime role of GATEWAYD_DATABASE_URL (docs/database-roles.md); without
# it, as DATABASE_URL's role, which gatewayd refuses if that role could switch
# off the database's guarantees.
if [[ -z "${DATABASE_URL:-}" ]]; then
  embedded=1
  echo "starting the embedded PostgreSQL (var/pg)"
  DATABASE_URL=$(appliance/scripts/embedded-pg.sh start var/pg)
  export DATABASE_URL
  GATEWAYD_DATABASE_URL=$(appliance/scripts/embedded-pg.sh app-url var/pg)
fi

"$ctl" migrate
if [[ $embedded -eq 1 ]]; then
  "$ctl" demo-operators
  appliance/scripts/demo-setup.sh "$ctl"
  # Development certificates for this gateway (gw1: links client, FIX server), the
  # simulated bank and the demo FIX counterparty; kept across runs (a name added
  # later gets its certificates from the same CA).
  "$ctl" pki init --dir var/pki --names gw1,demo-bank,demo-desk >/dev/null
  export GATEWAY_CONFIG=${GATEWAY_CONFIG:-appliance/config/demo/links-demo.toml}
  echo "demo counterparty: payments to creditor agent BICs starting BANKDE go to the simulated bank"
  echo "  over mTLS (127.0.0.1:7450) and complete within seconds; creditor IBAN DE75512108001245126199"
  echo "  is refused (FAILED, AC01) and amounts over 50000.00 too (AM02); postings are then reversed"
  echo "demo FIX counterparty: session demo-desk logs on to 127.0.0.1:9880 and sends an instruction every"
  echo "  5 s (its ExecutionReports are logged as \"fix demo\"); send one yourself on session try-desk:"
  echo "  build/bin/gatewayctl --config $GATEWAY_CONFIG fix send --session try-desk \\"
  echo "    --cert var/pki/demo-desk-client.crt --key var/pki/demo-desk-client.key \\"
  echo "    --debtor-account DE44500105175407324931 --debtor-name \"Demo Customer GmbH\" --amount 125.00 \\"
  echo "    --creditor-name \"Beispiel Werkzeuge KG\" --creditor-account DE02120300000000202051 --creditor-bic BANKDEFFXXX"
fi

DATABASE_URL=${GATEWAYD_DATABASE_URL:-$DATABASE_URL} build/bin/gatewayd "$@" &
gateway_pid=$!
echo "gatewayd (pid $gateway_pid) on http://localhost:${PORT:-3000}  health: /health  metrics: /metrics"
# `wait` returns early when a trapped signal arrives; the trap then stops everything.
set +e
wait "$gateway_pid"
status=$?
gateway_pid=""
exit $status
