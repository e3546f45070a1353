#!/usr/bin/env bash
# The suite's inventory: CTest must run exactly one test per TEST_CASE in the
# sources, plus one corpus replay per fuzz target, plus this check. A test case
# that CTest splits into pieces (a ';' in its name) or that is never registered
# makes the counts differ, and this test fails naming the difference.
#   check_test_inventory.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=${1:?build dir} src=${2:?source dir}

in_sources=$(grep -rhE '^\s*(TEST_CASE|TEST_CASE_METHOD|SCENARIO)\s*\(' "$src/tests" --include='*_test.cc' | wc -l)
fuzz_targets=$(find "$src/tests/fuzz" -maxdepth 1 -name '*_fuzz.cc' | wc -l)
browser_tests=$(find "$src/tests/browser" -maxdepth 1 -name '*.test.mjs' 2>/dev/null | wc -l)
expected=$((in_sources + fuzz_targets + browser_tests + 1))
listed=$(ctest --test-dir "$build" -N | grep -cE '^\s*Test\s+#')

bad_names=$(grep -rnE 'TEST_CASE\("[^"]*;' "$src/tests" --include='*_test.cc' || true)
if [[ -n "$bad_names" ]]; then
  echo "test names with ';' (CTest splits them into tests that match nothing):"
  echo "$bad_names"
  exit 1
fi
echo "test cases in the sources: $in_sources; fuzz corpus replays: $fuzz_targets; browser tests: $browser_tests; CTest lists: $listed"
if [[ $listed -ne $expected ]]; then
  echo "CTest would run $listed tests, the sources define $expected (with this check): some test case does not run as written"
  exit 1
fi
