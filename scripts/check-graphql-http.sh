#!/usr/bin/env bash
# Audits /graphql with an independent GraphQL-over-HTTP client: the server audits of graphql-http
# (the specification's reference implementation, pinned in tools/graphql-audit), run against the
# Release build of TagApi on a throwaway SQLite file. Prints one line per audit and exits non-zero
# when a MUST audit fails. Not part of scripts/test.sh: it needs Node.js and npm, which the test
# machines need not have.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v node >/dev/null || { echo "[check-graphql-http] needs Node.js 20+ and npm" >&2; exit 1; }
[[ -d tools/graphql-audit/node_modules/graphql-http ]] || (cd tools/graphql-audit && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
source scripts/lib/local-server.sh
start_local_server graphql-audit "tags:read customers:read"
node tools/graphql-audit/audit.mjs "$BASE_URL" "$CLIENT_ID" "$CLIENT_SECRET"
