#!/usr/bin/env bash
# Builds and runs the whole test suite. Without DATABASE_URL the tests use a
# private PostgreSQL under var/test-pg (started here, stopped at the end); with
# it, they create and drop their own databases on that server (the URL's user
# needs CREATEDB) and never touch another database.
#   appliance/test.sh [ctest arguments...]     e.g. -L codecs, -R health
# With GW_SANITIZE=ON the suite is built with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/ and runs there instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

appliance/scripts/install-deps.sh --test
# Let ccache reuse objects across checkouts in different directories.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
# Warnings are errors in the normal build; the sanitizer build only reports them
# (GCC's instrumentation brings false positives of its own).
build=build werror=ON
if [[ "${GW_SANITIZE:-OFF}" == ON ]]; then build=build-asan werror=OFF; fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGW_WERROR="$werror" \
  -DGW_SANITIZE="${GW_SANITIZE:-OFF}" >/dev/null
# Only what the tests run (gw_test_deps in tests/CMakeLists.txt): the benchmarks
# are left out; `cmake --build build` builds them too.
cmake --build "$build" -j"$(nproc)" --target gw_test_deps

embedded=0
cleanup() {
  if [[ $embedded -eq 1 ]]; then appliance/scripts/embedded-pg.sh stop var/test-pg || true; fi
}
trap cleanup EXIT INT TERM
if [[ -z "${DATABASE_URL:-}" ]]; then
  embedded=1
  GW_TEST_DATABASE_URL=$(appliance/scripts/embedded-pg.sh start var/test-pg)
else
  GW_TEST_DATABASE_URL=$DATABASE_URL
fi
export GW_TEST_DATABASE_URL
unset DATABASE_URL

ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 900 "$@"
