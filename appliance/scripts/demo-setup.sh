#!/usr/bin/env bash
# The embedded default's demo data: two customer accounts, a settlement account
# for the demo counterparty link "demo-bank", a route for BICs starting BANKDE,
# opening balances and a demo watch list. Safe to run again (nothing is created or posted twice).
#   demo-setup.sh GATEWAYCTL
set -euo pipefail
ctl=${1:?usage: demo-setup.sh GATEWAYCTL}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ctl" ledger account add --id CUST-DEMO-DE44 --kind customer --currency EUR \
  --name "Demo Customer GmbH" --iban DE44500105175407324931 >/dev/null
"$ctl" ledger account add --id CUST-DEMO-DE89 --kind customer --currency EUR \
  --name "Demo Small Trader" --iban DE89370400440532013000 >/dev/null
"$ctl" ledger account add --id NOSTRO-DEMO-BANK-EUR --kind settlement --currency EUR \
  --name "Demo counterparty settlement" --counterparty demo-bank --overdraft >/dev/null
"$ctl" route add --bic-prefix BANKDE --link demo-bank >/dev/null
"$ctl" ledger import "$here/config/demo/opening-balances.csv"
# A small invented watch list, so that screening has something to hold.
"$ctl" sanctions import --format watchlist "$here/config/demo/watchlist.csv" >/dev/null
