#!/usr/bin/env bash
# go-mssqldb (the driver behind go-sqlcmd) for tests/client_go.rs: Go and the driver's source from
# Debian (golang-go, golang-github-denisenkom-go-mssqldb-dev under /usr/share/gocode), then an offline
# GOPATH-mode build of tests/clients/go into ${CARGO_TARGET_DIR:-target}/clients/go/bin (the test
# rebuilds it too, from the Go build cache, so edits to the suite are always picked up).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../lib/apt.sh
source "$root/scripts/lib/apt.sh"

apt_install golang-go golang-github-denisenkom-go-mssqldb-dev

target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
dest="$target/clients/go"
mkdir -p "$dest/bin"
cd "$root"
GO111MODULE=off GOFLAGS= GOPROXY=off GOPATH="$dest:/usr/share/gocode" GOCACHE="$dest/cache" \
  go build -o "$dest/bin/vtds-go-suite" ./tests/clients/go
