#!/usr/bin/env bash
# Checks the GraphQL explorer as a person would use it: starts the Release build of TagApi on a
# throwaway SQLite file, creates a tenant and a client, then has headless Chromium (Debian
# package `chromium`) open /graphql/ui, sign in, and run the starter query (playwright-core from
# tools/graphiql, installed by npm ci). Prints the screenshot's path. Standalone, for a quick look after
# scripts/build-graphiql.sh; scripts/test.sh covers the same in BrowsingTheDocsTests (xUnit + Playwright).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[check-explorer] %s\n' "$*" >&2; }

command -v chromium >/dev/null || { log "needs Debian's chromium: apt-get install chromium"; exit 1; }
[[ -d tools/graphiql/node_modules/playwright-core ]] || (cd tools/graphiql && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
source scripts/lib/local-server.sh
start_local_server explorer-check "tags:read customers:read"
SHOT=${1:-$(mktemp --suffix=.png)}
node tools/graphiql/check-explorer.mjs "$BASE_URL" "$CLIENT_ID" "$CLIENT_SECRET" "$SHOT"
echo "$SHOT"
