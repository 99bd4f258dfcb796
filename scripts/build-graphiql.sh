#!/usr/bin/env bash
# Rebuilds the GraphQL explorer's static assets from npm: installs the versions pinned in
# tools/graphiql/package-lock.json and copies their browser builds into
# src/TagApi.Api/GraphQL/Explorer/, where they are committed and embedded in the API.
# Only needed to upgrade GraphiQL; building or running TagApi needs no npm.
#
# To upgrade: change the versions in tools/graphiql/package.json, run
#   (cd tools/graphiql && npm install --package-lock-only)
# then this script, then scripts/test.sh --filter FullyQualifiedName~Explorer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TOOLS=tools/graphiql
OUT=src/TagApi.Api/GraphQL/Explorer
command -v npm >/dev/null || { echo "[build-graphiql] npm is required (Debian: apt-get install npm)" >&2; exit 1; }

# npm ci installs exactly the lock file, so two runs produce the same bytes.
(cd "$TOOLS" && npm ci --no-audit --no-fund --ignore-scripts)

M=$TOOLS/node_modules
install -m 644 "$M/react/umd/react.production.min.js" "$OUT/react.production.min.js"
install -m 644 "$M/react-dom/umd/react-dom.production.min.js" "$OUT/react-dom.production.min.js"
install -m 644 "$M/graphiql/dist/index.umd.js" "$OUT/graphiql.min.js"
install -m 644 "$M/graphiql/dist/style.css" "$OUT/graphiql.min.css"
# The bundles end with a source map comment; the maps are not shipped, so drop the reference.
sed -i '/^\/\/# sourceMappingURL=/d' "$OUT/graphiql.min.js"

# Record what was copied, so the page and a reviewer can tell which versions are embedded.
node -e '
const v = n => require("./'"$M"'/" + n + "/package.json").version;
console.log(JSON.stringify({ graphiql: v("graphiql"), react: v("react"), "react-dom": v("react-dom"), graphql: v("graphql") }, null, 2));
' >"$OUT/versions.json"
echo "[build-graphiql] assets in $OUT:" >&2
ls -l "$OUT" >&2
