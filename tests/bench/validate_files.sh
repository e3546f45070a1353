#!/usr/bin/env bash
# Times `gatewayctl message validate` against `xmllint --schema` on the same
# pacs.008 files, in one run, and prints the ratio.
#
#   tests/bench/validate_files.sh [BUILD_DIR] [COUNT]     (defaults: build, 20000)
#
# The files are bare pacs.008.001.08 Documents (xmllint validates one schema per
# run, so no AppHdr), each with its own message id, end-to-end id and UETR. Both
# tools get every file in one call; both must accept every file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
count="${2:-20000}"
ctl="$build/bin/gatewayctl"
[[ -x "$ctl" ]] || ctl="$build/appliance/gatewayctl/gatewayctl"
[[ -x "$ctl" ]] || { echo "no gatewayctl under $build" >&2; exit 2; }
command -v xmllint >/dev/null || { echo "xmllint not found (apt-get install libxml2-utils)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$count" "$root/tests/codecs/data/pacs008_cbpr_envelope.xml" <<'PY'
import os, re, sys, uuid
out, count, sample = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(sample, encoding="utf-8").read()
doc = re.search(r"<Document.*?</Document>", text, re.S).group(0)
os.makedirs(os.path.join(out, "files"))
for i in range(count):
    d = doc.replace("NDF-20240502-000184", "NDF-20240502-%06d" % i)
    d = d.replace("INV-2024-0417-ACME", "INV-2024-%06d" % i)
    d = d.replace("3f1c9e62-8a4b-4d2e-9c71-5b0e2a6d4f18", str(uuid.UUID(int=i * 7919 + 12345, version=4)))
    with open(os.path.join(out, "files", "p%06d.xml" % i), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + d + "\n")
PY
cd "$work/files"
files=(p*.xml)
secs() { python3 -c 'import sys,time; print(time.monotonic())'; }

t0=$(secs)
"$ctl" message validate --schemas "$root/schemas/iso20022" "${files[@]}" > "$work/ctl.out"
t1=$(secs)
xmllint --noout --schema "$root/schemas/iso20022/pacs.008.001.08.xsd" "${files[@]}" 2> "$work/xmllint.out"
t2=$(secs)

ok=$(grep -c ': OK ' "$work/ctl.out" || true)
valid=$(grep -c ' validates$' "$work/xmllint.out" || true)
[[ "$ok" == "$count" ]] || { echo "gatewayctl accepted $ok of $count" >&2; head "$work/ctl.out" >&2; exit 1; }
[[ "$valid" == "$count" ]] || { echo "xmllint accepted $valid of $count" >&2; head "$work/xmllint.out" >&2; exit 1; }
python3 - "$count" "$t0" "$t1" "$t2" <<'PY'
import sys
n, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:])
ctl, lint = t1 - t0, t2 - t1
print("files: %d pacs.008.001.08" % n)
print("gatewayctl message validate: %.2f s (%.0f files/s)" % (ctl, n / ctl))
print("xmllint --schema:            %.2f s (%.0f files/s)" % (lint, n / lint))
print("ratio (xmllint time / gatewayctl time): %.2fx" % (lint / ctl))
PY
