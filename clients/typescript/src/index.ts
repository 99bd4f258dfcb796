export { createTagApiClient, type TagApiClient, type TagApiClientOptions } from "./client.js";
export type { FetchLike } from "./fetch.js";
export { graphqlRequester, TagApiGraphQLError, type GraphQLErrorEntry, type VariablesArgument } from "./graphql.js";
export { paginate, pages, type CursorPage } from "./paging.js";
export { TagApiProblem, unwrap, type ApiResult, type BatchItemError, type ProblemCode, type QueryError } from "./problem.js";
export { parseRetryAfter, withRetries, type RetryInfo, type RetryOptions } from "./retry.js";
export { ClientCredentialsTokenProvider, TagApiAuthError, withBearerToken, type TokenProviderOptions, type TokenSource } from "./token.js";
export { verifyWebhook, WebhookVerificationError, WebhookVerifier, type WebhookHeaders, type WebhookVerificationFailure, type WebhookVerifierOptions } from "./webhooks.js";
export type { components, operations, paths } from "./generated/openapi.js";
export type * from "./generated/webhooks.js";
export * from "./generated/graphql/graphql.js";

import type { components } from "./generated/openapi.js";
/** A schema of the REST API by name: `Schema<"TagResponse">`. */
export type Schema<TName extends keyof components["schemas"]> = components["schemas"][TName];
