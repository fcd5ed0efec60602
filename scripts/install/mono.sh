#!/usr/bin/env bash
# Mono with its System.Data.SqlClient (the .NET client family behind SSMS and Azure Data Studio) and the
# mcs compiler for the client suite (tests/clients/mono). The harness compiles the suite at test time.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/apt.sh
source scripts/lib/apt.sh

# SqlClient decodes the server's collation (SQL_Latin1_General_CP1_CI_AS) as code page 1252, which
# Mono keeps in I18N.West: without it every login fails with "Encoding 1252 data could not be found".
apt_install mono-runtime mono-mcs libmono-system-data4.0-cil libmono-i18n-west4.0-cil
