import createClient, { type Client } from "openapi-fetch";
import { type FetchLike, platformFetch } from "./fetch.js";
import type { paths } from "./generated/openapi.js";
import { graphqlRequester } from "./graphql.js";
import { type RetryOptions, withRetries } from "./retry.js";
import { ClientCredentialsTokenProvider, type TokenSource, withBearerToken } from "./token.js";

/** How to reach and authenticate to TagApi. */
export interface TagApiClientOptions {
  /** The API's root, e.g. `https://tagapi.example.com`. */
  baseUrl: string;
  /** The API client's id (`cli_…`), for client-credentials tokens. */
  clientId?: string;
  /** The API client's secret (`tas_…`). */
  clientSecret?: string;
  /** Space-separated scopes to ask for; all of the client's scopes when absent. */
  scope?: string;
  /** Instead of a client id and secret: where tokens come from (any object with `getToken()`). */
  tokens?: TokenSource;
  /** Retry settings, or `false` for none (no retries and no automatic idempotency keys). */
  retry?: RetryOptions | false;
  /** The transport under every layer (default: the platform's `fetch`). */
  fetch?: FetchLike;
}

/** The openapi-fetch client for TagApi's paths plus the helpers that need its transport. */
export interface TagApiClient extends Client<paths> {
  /** The token source the client uses. */
  readonly tokens: TokenSource;
  /** Sends a typed GraphQL document (from `@tagapi/client`'s documents or your own codegen) and returns its data. */
  readonly graphql: ReturnType<typeof graphqlRequester>;
  /** The authenticated, retrying transport, for calls outside the OpenAPI paths. */
  readonly fetch: FetchLike;
}

/**
 * A TagApi client: every call gets a cached bearer token, 429/503 answers and network failures are retried with
 * backoff, and every write carries one `Idempotency-Key` for all its attempts.
 */
export function createTagApiClient(options: TagApiClientOptions): TagApiClient {
  const transport = options.fetch ?? platformFetch;
  const retrying = (next: FetchLike, keys: boolean): FetchLike =>
    options.retry === false ? next : withRetries(next, { ...options.retry, idempotencyKeys: keys && options.retry?.idempotencyKeys !== false });
  const tokens = options.tokens ?? tokenProvider(options, retrying(transport, false));
  const pipeline = retrying(withBearerToken(transport, tokens), true);
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: pipeline });
  return Object.assign(client, {
    tokens,
    graphql: graphqlRequester(options.baseUrl, pipeline),
    fetch: pipeline,
  });
}

function tokenProvider(options: TagApiClientOptions, fetch: FetchLike): ClientCredentialsTokenProvider {
  if (options.clientId === undefined || options.clientSecret === undefined) {
    throw new TypeError("createTagApiClient needs clientId and clientSecret, or tokens");
  }
  return new ClientCredentialsTokenProvider({
    tokenUrl: new URL("connect/token", options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    fetch,
  });
}
