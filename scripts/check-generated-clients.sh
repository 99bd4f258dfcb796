#!/usr/bin/env bash
# Generates clients from the committed api-specs/openapi/v1.json, unmodified, into a temporary
# folder: C# with NSwag 14 and with Kiota (dotnet tools pinned in .config/dotnet-tools.json), and
# TypeScript types with openapi-typescript called through openapi-fetch (pinned in
# tools/openapi-lint). Then runs the everyday integrator flow through each (tools/client-check:
# token, create a tag, upsert a customer with attributes, tag it, list tags, segment query, typed
# problem codes of a 400 and a 404) against one Release build of TagApi on a throwaway SQLite
# file on loopback. Exits non-zero when any generator, compiler or flow fails. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[check-generated-clients] %s\n' "$*" >&2; }
command -v npm >/dev/null || { log "ERROR: needs Node.js 20+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }

SPEC=$PWD/api-specs/openapi/v1.json
TOOLS=$PWD/tools/openapi-lint
if [[ ! -x $TOOLS/node_modules/.bin/openapi-typescript || $TOOLS/package-lock.json -nt $TOOLS/node_modules/.package-lock.json ]]; then
  (cd "$TOOLS" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
dotnet tool restore >/dev/null

source scripts/lib/local-server.sh
GEN=$LOCAL_WORK/clients
mkdir -p "$GEN/dotnet" "$GEN/ts"

log "generating: NSwag, Kiota, openapi-typescript"
dotnet tool run nswag openapi2csclient /input:"$SPEC" /output:"$GEN/dotnet/NSwagClient.cs" /namespace:ClientCheck.NSwag \
  /className:TagApiClient /jsonLibrary:SystemTextJson /generateNullableReferenceTypes:true \
  /generateOptionalPropertiesAsNullable:true /generateClientInterfaces:false >"$GEN/nswag.log" || { cat "$GEN/nswag.log" >&2; exit 1; }
dotnet tool run kiota generate -l CSharp -d "$SPEC" -o "$GEN/dotnet/Kiota" -n ClientCheck.Kiota -c TagApiClient \
  --clean-output --log-level Error >"$GEN/kiota.log" || { cat "$GEN/kiota.log" >&2; exit 1; }
"$TOOLS/node_modules/.bin/openapi-typescript" "$SPEC" -o "$GEN/ts/schema.d.ts" --silent

cp tools/client-check/dotnet/*.cs nuget.config "$GEN/dotnet/"
kiota=2.1.6
cat >"$GEN/dotnet/ClientCheck.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>\$(NoWarn);CS1591;CS8618;CS8603;CS8625;CS0108;CS0114</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Kiota.Abstractions" Version="$kiota" />
    <PackageReference Include="Microsoft.Kiota.Http.HttpClientLibrary" Version="$kiota" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Json" Version="$kiota" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Text" Version="$kiota" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Form" Version="$kiota" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Multipart" Version="$kiota" />
  </ItemGroup>
</Project>
XML
cp tools/client-check/typescript/flow.ts tools/client-check/typescript/tsconfig.json "$GEN/ts/"
ln -s "$TOOLS/node_modules" "$GEN/ts/node_modules"
echo '{ "type": "module" }' >"$GEN/ts/package.json"

log "compiling the C# and TypeScript flows"
dotnet build "$GEN/dotnet" -c Release -v quiet -nologo -o "$GEN/dotnet/out" >"$GEN/build.log" 2>&1 || { cat "$GEN/build.log" >&2; exit 1; }
"$TOOLS/node_modules/.bin/tsc" -p "$GEN/ts" || exit 1

start_local_server client-check "tags:read tags:write customers:read customers:write customers:pii segments:read"
log "running the flows against $BASE_URL"
dotnet "$GEN/dotnet/out/ClientCheck.dll" "$BASE_URL" "$CLIENT_ID" "$CLIENT_SECRET"
node "$GEN/ts/out/flow.js" "$BASE_URL" "$CLIENT_ID" "$CLIENT_SECRET"
