#!/usr/bin/env bash
# Checks the codecs against another set of XSDs, typically the official ISO 20022
# schemas of the same message versions (or a scheme's usage-guideline schemas),
# which the product does not ship:
#
#   tests/codecs/official_schemas.sh BUILD_DIR SCHEMA_DIR
#
# SCHEMA_DIR holds one file per message version, named as in schemas/iso20022/
# (pacs.008.001.08.xsd, head.001.001.02.xsd, ...). For every XML sample (in
# tests/codecs/data and the decoder's fuzz seed corpus) it
#   1. validates the sample with the product's schemas and with SCHEMA_DIR's, and
#      reports every sample on which the two verdicts differ (OK against INVALID);
#   2. for every sample that is valid, runs `message show`, then `message write`
#      on the JSON, and validates the written XML against SCHEMA_DIR's schemas.
# Business rules apply in both runs, so only the schemas can make verdicts differ.
# Exit 0 only if no verdict differs and every written message is valid.
set -euo pipefail
build=$(cd "${1:?usage: official_schemas.sh BUILD_DIR SCHEMA_DIR}" && pwd)
other=$(cd "${2:?usage: official_schemas.sh BUILD_DIR SCHEMA_DIR}" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ctl="$build/bin/gatewayctl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

verdict() {  # verdict SCHEMA_DIR FILE -> OK or INVALID
  if "$ctl" message validate --schemas "$1" "$2" > "$work/out" 2>&1; then echo OK; else echo INVALID; fi
}

samples=0 differ=0 written=0 written_bad=0
while IFS= read -r -d '' file; do
  rel=${file#"$root"/}
  samples=$((samples + 1))
  ours=$(verdict "$root/schemas/iso20022" "$file")
  theirs=$(verdict "$other" "$file")
  if [ "$ours" != "$theirs" ]; then
    differ=$((differ + 1))
    echo "DIFFERS  $rel: ours $ours, $other $theirs"
    sed 's/^/         /' "$work/out"
  fi
  [ "$ours" = OK ] || continue
  "$ctl" message show "$file" > "$work/message.json"
  "$ctl" message write "$work/message.json" > "$work/written.xml"
  written=$((written + 1))
  if [ "$(verdict "$other" "$work/written.xml")" != OK ]; then
    written_bad=$((written_bad + 1))
    echo "WRITTEN  $rel: show -> write gives XML that $other refuses"
    sed 's/^/         /' "$work/out"
  fi
done < <(find "$root/tests/codecs/data" "$root/tests/fuzz/iso20022_decode_corpus" -name '*.xml' -print0 | sort -z)

echo "$samples samples: $differ verdicts differ; $written written back (show -> write), $written_bad refused by $other"
[ "$differ" -eq 0 ] && [ "$written_bad" -eq 0 ]
