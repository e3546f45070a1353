#!/usr/bin/env bash
# Installs the Debian 12 packages the gateway needs to build, run and test.
# Safe to run again: it installs only what is missing. Uses sudo when not root.
#   install-deps.sh [--test]     --test adds what the test suite needs
set -euo pipefail

packages=(build-essential cmake ninja-build ccache pkg-config git ca-certificates openssl curl
  libquickfix-dev libxerces-c-dev libboost-all-dev libssl-dev libpqxx-dev libspdlog-dev
  prometheus-cpp-dev catch2 libtomlplusplus-dev nlohmann-json3-dev libbenchmark-dev
  postgresql postgresql-contrib libxml2-utils libxml2-dev procps iproute2)
# The web console is bundled at build time with node and npm (console/); a
# node that is already installed (e.g. a newer one from another source, which
# brings its own npm) is used as it is.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
# The browser tests (tests/browser) drive Debian's Chromium.
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
