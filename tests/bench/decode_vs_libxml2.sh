#!/usr/bin/env bash
# Decode (parse + schema validation + model + rules) against libxml2's
# streaming validating reader on the same 5-6 KB pacs.008 messages (Envelope +
# AppHdr + Document), side by side in one run, pinned to one core. Prints each
# figure (median of REPS repetitions) and the ratio; the goal is >= 1.5.
#   tests/bench/decode_vs_libxml2.sh BUILD_DIR [CORE] [REPS]
set -euo pipefail
build=$(cd "${1:?usage: decode_vs_libxml2.sh BUILD_DIR [CORE] [REPS]}" && pwd)
core=${2:-1}
reps=${3:-5}
cmake --build "$build" --target codecs_bench >/dev/null
out=$(mktemp)
trap 'rm -f "$out"' EXIT
taskset -c "$core" "$build/tests/bench/codecs_bench" \
  --benchmark_filter='BM_DecodePacs008|BM_Libxml2StreamValidate' --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$out"
python3 - "$out" <<'PY'
import json, sys
runs = {b['name']: b for b in json.load(open(sys.argv[1]))['benchmarks'] if b.get('aggregate_name') == 'median'}
def rate(prefix):
    for name, b in runs.items():
        if name.startswith(prefix):
            return b['items_per_second']
    return None
ours, ours_norules, ref = rate('BM_DecodePacs008/rules:1'), rate('BM_DecodePacs008/rules:0'), rate('BM_Libxml2StreamValidate')
if ref is None:
    sys.exit('BM_Libxml2StreamValidate is missing: install libxml2-dev and reconfigure')
print(f'decode (parse + schema + model + rules): {ours:,.0f} msg/s')
print(f'decode without rules:                    {ours_norules:,.0f} msg/s')
print(f'libxml2 streaming validation:            {ref:,.0f} msg/s')
print(f'ratio: {ours / ref:.2f} (goal >= 1.5)')
PY
