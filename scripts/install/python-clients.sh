#!/usr/bin/env bash
# Python and ODBC clients for tests/client_python.rs: a venv under the target dir with pinned python-tds,
# pymssql and pyodbc (PyPI wheels), plus unixODBC and FreeTDS's ODBC driver (tdsodbc) from Debian.
# A second run is a fast no-op: the venv keeps a stamp naming the pinned versions it holds.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../lib/apt.sh
source "$repo/scripts/lib/apt.sh"

# pyodbc's wheel links against the system's libodbc.so.2; isql and the FreeTDS driver come from Debian.
apt_install unixodbc libodbc2 tdsodbc

pins=(python-tds==1.17.1 pyOpenSSL==24.2.1 pymssql==2.3.13 pyodbc==5.2.0)
venv="${CARGO_TARGET_DIR:-$repo/target}/clients/python-venv"
stamp="$venv/.vtds-pins"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${pins[*]}" ]; then
  exit 0
fi

rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
# Debian's python3 cannot make a venv (no ensurepip) until python3-venv is installed.
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  apt_install python3-venv
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: "${pins[@]}"
echo "${pins[*]}" >"$stamp"
echo "   python clients in $venv"
