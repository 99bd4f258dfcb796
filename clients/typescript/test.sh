#!/usr/bin/env bash
# The TypeScript SDK's own test run, called by scripts/test.sh:
#   1. installs the pinned toolchain (npm ci) and fails when src/generated differs from a fresh generation (drift);
#   2. builds @tagapi/client with strict tsc and checks that `npm pack` makes a package;
#   3. starts the Release build of TagApi on a throwaway SQLite file on loopback, with a tenant for the tests (its
#      clients: one on a tight rate limit, for the forced-429 test) and one for the example; webhooks to loopback on;
#   4. runs the tests (Node's test runner) and the shop-sync example against it; stops what it started.
# Needs Node.js 20+, npm and the .NET SDK. Prints "typescript: N passed, N failed, N skipped" (the example counts
# as one test); with TAGAPI_TS_COUNTS=<file> also writes "passed failed skipped" there for scripts/test.sh.
set -euo pipefail
SDK=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SDK/../.." && pwd)
EXAMPLE=$ROOT/examples/shop-sync/typescript
log() { printf '[clients/typescript] %s\n' "$*" >&2; }
command -v npm >/dev/null || { log "ERROR: needs Node.js 20+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }

WORK=$(mktemp -d)
SERVER=
cleanup() {
  if [[ -n $SERVER ]]; then kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

npm_ci() { (cd "$1" && if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null; fi); }

log "installing (npm ci) and checking the generated code for drift"
npm_ci "$SDK"
"$ROOT/scripts/generate-clients.sh" --out "$WORK/generated" 2>/dev/null
if ! diff -r "$SDK/src/generated" "$WORK/generated/typescript" >"$WORK/drift.diff"; then
  head -40 "$WORK/drift.diff" >&2
  log "ERROR: clients/typescript/src/generated differs from a fresh generation from api-specs/: run scripts/generate-clients.sh and commit the result"
  exit 1
fi

log "building (tsc --strict) and packing"
(cd "$SDK" && rm -rf dist build-test && node_modules/.bin/tsc -p tsconfig.json && node_modules/.bin/tsc -p tsconfig.test.json)
(cd "$SDK" && npm pack --pack-destination "$WORK" --loglevel=error >"$WORK/pack.txt")
# Listed to a file first: grep -q stopping early would fail the pipe (pipefail) on tar's SIGPIPE.
tar -tzf "$WORK"/tagapi-client-*.tgz >"$WORK/pack.list"
grep -qx 'package/dist/index.d.ts' "$WORK/pack.list" || { log "ERROR: npm pack made no dist/index.d.ts"; exit 1; }
npm_ci "$EXAMPLE"
(cd "$EXAMPLE" && node_modules/.bin/tsc -p tsconfig.json)

log "starting TagApi (Release) on loopback"
API=$ROOT/src/TagApi.Api/bin/Release/net10.0/TagApi.Api.dll
dotnet build "$ROOT/src/TagApi.Api" -c Release -v quiet -nologo >/dev/null
export Database__Provider=Sqlite ConnectionStrings__TagApi="Data Source=$WORK/tagapi.db" \
  Auth__SigningKeyPath="$WORK/key.pem" Demo__SeedOnFirstStart=false Webhooks__AllowPrivateDestinations=true
SCOPES="tags:read tags:write customers:read customers:write customers:pii activities:write segments:read segments:write rules:read rules:write webhooks:manage analytics:read clients:manage"
# The tests share one tenant; the example gets its own, as a shop would.
dotnet "$API" admin create-tenant sdk-typescript >/dev/null
dotnet "$API" admin create-tenant shop-sync >/dev/null
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
new_client() { # <tenant> <env prefix>: exports <prefix>_CLIENT_ID and <prefix>_CLIENT_SECRET
  local json
  json=$(dotnet "$API" admin create-client "$1" --scopes "$SCOPES" --name "$2" | tail -1)
  export "$2_CLIENT_ID=$(field "$json" clientId)" "$2_CLIENT_SECRET=$(field "$json" clientSecret)"
}
new_client sdk-typescript TAGAPI; new_client sdk-typescript TAGAPI_THROTTLED; new_client sdk-typescript TAGAPI_QUICKSTART
new_client shop-sync SHOP_SYNC
# The throttled client gets one request per second after a burst of two, so a short burst meets a 429 (given on
# the command line: client ids may hold '-', which an environment variable's name may not).
throttle=("--RateLimiting:Clients:$TAGAPI_THROTTLED_CLIENT_ID:PermitsPerSecond=1" "--RateLimiting:Clients:$TAGAPI_THROTTLED_CLIENT_ID:Burst=2")
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$API" "${throttle[@]}" >"$WORK/server.log" 2>&1 &
SERVER=$!
export TAGAPI_URL="http://127.0.0.1:$port"
for i in $(seq 60); do curl -sf "$TAGAPI_URL/healthz" >/dev/null && break
  [[ $i -eq 60 ]] && { cat "$WORK/server.log" >&2; log "ERROR: TagApi did not start"; exit 1; }; sleep 1; done

log "running the tests against $TAGAPI_URL"
set +e
(cd "$SDK" && node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$WORK/tests.tap" build-test/test/*.test.js)
tests_rc=$?
log "running examples/shop-sync/typescript"
(cd "$EXAMPLE" && SHOP_SYNC_URL=$TAGAPI_URL node dist/main.js)
example_rc=$?
set -e
passed=$(awk '/^# pass /{print $3}' "$WORK/tests.tap"); failed=$(awk '/^# fail /{print $3}' "$WORK/tests.tap")
skipped=$(( $(awk '/^# skipped /{print $3}' "$WORK/tests.tap") + $(awk '/^# todo /{print $3}' "$WORK/tests.tap") ))
[[ $example_rc -eq 0 ]] && passed=$((passed + 1)) || failed=$((failed + 1))
[[ -n ${TAGAPI_TS_COUNTS:-} ]] && echo "$passed $failed $skipped" >"$TAGAPI_TS_COUNTS"
echo "typescript: $passed passed, $failed failed, $skipped skipped"
if [[ $tests_rc -ne 0 || $example_rc -ne 0 ]]; then
  tail -50 "$WORK/server.log" >&2
  log "ERROR: the TypeScript SDK tests or the example failed"
  exit 1
fi
