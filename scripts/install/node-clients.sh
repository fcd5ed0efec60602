#!/usr/bin/env bash
# tedious (Node.js) for tests/client_tedious.rs: `npm ci` of tests/clients/tedious/package-lock.json
# into ${CARGO_TARGET_DIR:-target}/clients/node (the suite finds it through NODE_PATH). A no-op when
# that lockfile is already installed there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../lib/apt.sh
source "$root/scripts/lib/apt.sh"

src="$root/tests/clients/tedious"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
dest="$target/clients/node"

# tedious 19 needs Node >= 18.17: the machine's node v20, or Debian 12's nodejs (18.19).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi

if [ -d "$dest/node_modules/tedious" ] && cmp -s "$src/package-lock.json" "$dest/package-lock.json"; then
  exit 0
fi
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
echo "   npm ci tedious into $dest"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
