#!/usr/bin/env bash
# Regenerates the client SDKs from the committed specs (api-specs/). Each section writes only its own
# SDK's generated folder; the hand-written layer next to it is never touched.
#
# Usage: scripts/generate-clients.sh [--out DIR]
#   --out DIR  write into DIR/<sdk>/ instead of the SDK folders (the drift check in scripts/test.sh
#              generates into a temporary folder and compares).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[generate-clients] %s\n' "$*" >&2; }

OUT=
if [[ ${1:-} == --out ]]; then OUT=${2:?--out needs a directory}; fi
SPEC=$PWD/api-specs/openapi/v1.json

# ---- C# (clients/dotnet): NSwag 14, pinned in .config/dotnet-tools.json -------------------------------
# Idempotency-Key, If-Match and If-None-Match are left out of the method signatures: the SDK sets the
# idempotency key itself (one per logical call, reused on retries) and takes all three per call through
# TagApiClient.With(TagApiRequestOptions), so everyday calls read `CreateTagAsync(body)`.
dotnet_out=${OUT:+$OUT/dotnet}
dotnet_out=${dotnet_out:-$PWD/clients/dotnet/src/TagApi.Client/Generated}
mkdir -p "$dotnet_out"
log "C#: NSwag -> $dotnet_out/TagApiClient.g.cs"
dotnet tool restore >/dev/null
dotnet tool run nswag openapi2csclient /input:"$SPEC" /output:"$dotnet_out/TagApiClient.g.cs" \
  /namespace:TagApi.Client /className:TagApiClient /jsonLibrary:SystemTextJson \
  /generateNullableReferenceTypes:true /generateOptionalPropertiesAsNullable:true \
  /generateClientInterfaces:true /generateOptionalParameters:true \
  /excludedParameterNames:Idempotency-Key,If-Match,If-None-Match >"${TMPDIR:-/tmp}/nswag-$$.log" ||
  { cat "${TMPDIR:-/tmp}/nswag-$$.log" >&2; rm -f "${TMPDIR:-/tmp}/nswag-$$.log"; exit 1; }
rm -f "${TMPDIR:-/tmp}/nswag-$$.log"
# ---- end of C# ----------------------------------------------------------------------------------------

# ---- TypeScript (clients/typescript) -------------------------------------------------------------------
# (section added with the TypeScript SDK)
# ---- end of TypeScript --------------------------------------------------------------------------------
