#!/usr/bin/env bash
# Lints the committed OpenAPI document with Spectral: spectral:oas plus the OWASP API Security
# ruleset (.spectral.yaml), both pinned by tools/openapi-lint/package-lock.json. Fails on any
# error; warnings are printed and allowed. Needs Node.js 20+ and npm (scripts/test.sh runs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[lint-openapi] %s\n' "$*" >&2; }
command -v npm >/dev/null || { log "ERROR: needs Node.js 20+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }
tools=tools/openapi-lint
if [[ ! -x $tools/node_modules/.bin/spectral || $tools/package-lock.json -nt $tools/node_modules/.package-lock.json ]]; then
  (cd "$tools" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
"$tools/node_modules/.bin/spectral" lint api-specs/openapi/v1.json --ruleset .spectral.yaml --fail-severity error --format stylish
