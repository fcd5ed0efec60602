#!/usr/bin/env bash
# jTDS (the open-source JDBC driver for SQL Server) and a JDK to compile its client suite
# (tests/clients/jtds) with. The harness compiles the suite into the target dir at test time.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/apt.sh
source scripts/lib/apt.sh

pkgs=(libjtds-java)
# Any JDK will do; Debian 12's default is OpenJDK 17.
command -v javac >/dev/null 2>&1 || pkgs+=(default-jdk-headless)
apt_install "${pkgs[@]}"
test -f /usr/share/java/jtds.jar
