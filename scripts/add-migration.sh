#!/usr/bin/env bash
# Adds one EF Core migration per database provider, so the three migration sets stay in step.
# usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
dotnet build src/TagApi.Api -v q -nologo >/dev/null
for provider in Sqlite Postgres SqlServer; do
  dotnet ef migrations add "$name" \
    --project src/TagApi.Data --startup-project src/TagApi.Api --no-build \
    --context "${provider}TagApiDbContext" --output-dir "${provider}/Migrations" --namespace "TagApi.Data.${provider}.Migrations"
done
