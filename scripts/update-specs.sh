#!/usr/bin/env bash
# Regenerates the committed API specs (api-specs/) from the running app after a deliberate change.
set -euo pipefail
cd "$(dirname "$0")/.."
# The filter covers every *ContractTests class: OpenApiContractTests (openapi/v1.json), GraphQLSchemaContractTests
# (schema.graphql) and WebhookSchemaContractTests (webhooks/*.schema.json).
TAGAPI_UPDATE_SPECS=1 dotnet test tests/TagApi.Api.Tests --filter "FullyQualifiedName~ContractTests" -v q -nologo
git status --short api-specs
