#!/usr/bin/env bash
# The whole test suite: installs what the end-to-end tests need (FreeTDS, unixODBC, PostgreSQL 15 +
# tds_fdw) when missing, then runs rustfmt, clippy and every test. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v tsql >/dev/null 2>&1 || missing+=(freetds-bin)
command -v isql >/dev/null 2>&1 || missing+=(unixodbc)
[ -e /usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so ] || ls /usr/lib/*/odbc/libtdsodbc.so >/dev/null 2>&1 || missing+=(tdsodbc)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/tds_fdw.control ] || missing+=(postgresql-15-tds-fdw)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Client runtimes and drivers for the client suites (tests/clients/*): one installer per client family.
for installer in scripts/install/*.sh; do
  [ -e "$installer" ] || continue
  echo "==> $installer"
  bash "$installer"
done

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi
