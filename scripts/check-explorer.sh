#!/usr/bin/env bash
# Checks the GraphQL explorer as a person would use it: starts the Release build of TagApi on a
# throwaway SQLite file, creates a tenant and a client, then has headless Chromium (Debian
# package `chromium`) open /graphql/ui, sign in, and run the starter query (playwright-core from
# tools/graphiql, installed by npm ci). Prints the screenshot's path. Not part of scripts/test.sh:
# it needs a browser, which the test machines need not have.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[check-explorer] %s\n' "$*" >&2; }

command -v chromium >/dev/null || { log "needs Debian's chromium: apt-get install chromium"; exit 1; }
[[ -d tools/graphiql/node_modules/playwright-core ]] || (cd tools/graphiql && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
dotnet build src/TagApi.Api -c Release -v quiet -nologo >/dev/null

WORK=$(mktemp -d)
SERVER=
cleanup() { [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export Database__Provider=Sqlite ConnectionStrings__TagApi="Data Source=$WORK/tagapi.db" Auth__SigningKeyPath="$WORK/key.pem" Demo__SeedOnFirstStart=false
API=src/TagApi.Api/bin/Release/net10.0/TagApi.Api.dll
dotnet "$API" admin create-tenant explorer-check >/dev/null
CLIENT=$(dotnet "$API" admin create-client explorer-check --scopes "tags:read customers:read" --name explorer | tail -1)
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$CLIENT" "$1"; }
PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$API" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
SHOT=${1:-$(mktemp --suffix=.png)}
node tools/graphiql/check-explorer.mjs "http://127.0.0.1:$PORT" "$(field clientId)" "$(field clientSecret)" "$SHOT"
echo "$SHOT"
