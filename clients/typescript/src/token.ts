import { type FetchLike, platformFetch } from "./fetch.js";

/** Where and how to get client-credentials tokens. */
export interface TokenProviderOptions {
  /** The token endpoint, e.g. `https://tagapi.example.com/connect/token`. */
  tokenUrl: string | URL;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; all of the client's scopes when absent. */
  scope?: string;
  /** A token is renewed this long before it expires (default 60 s), so none expires in flight. */
  refreshSkewSeconds?: number;
  /** The transport (default: the platform's fetch). */
  fetch?: FetchLike;
  /** The clock, for tests (default `Date.now`). */
  now?: () => number;
}

/** The token endpoint refused the client (RFC 6749 §5.2: `invalid_client`, `invalid_scope`, …). */
export class TagApiAuthError extends Error {
  override readonly name = "TagApiAuthError";

  constructor(
    /** The OAuth2 error code, e.g. `invalid_client`. */
    readonly error: string,
    /** The HTTP status of the token endpoint's answer. */
    readonly status: number,
    description?: string,
  ) {
    super(`token request refused (${status} ${error})${description ? `: ${description}` : ""}`);
  }
}

interface CachedToken {
  value: string;
  renewAt: number;
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4) with a cache: a token is reused until shortly before it expires, and
 * callers that need one while it is being fetched share that one request rather than each sending their own.
 */
export class ClientCredentialsTokenProvider {
  readonly #options: TokenProviderOptions;
  readonly #fetch: FetchLike;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: TokenProviderOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? platformFetch;
    this.#now = options.now ?? Date.now;
  }

  /** A valid access token: the cached one, the one being fetched, or a new one. */
  getToken(): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now() < cached.renewAt) {
      return Promise.resolve(cached.value);
    }
    this.#pending ??= this.#request().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets a token the server refused (a revoked client, a rotated signing key), so the next call gets a new one. */
  invalidate(token?: string): void {
    if (token === undefined || this.#cached?.value === token) {
      this.#cached = undefined;
    }
  }

  async #request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.#options;
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret });
    if (scope !== undefined) {
      form.set("scope", scope);
    }
    const response = await this.#fetch(new Request(tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: form.toString(),
    }));
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body["access_token"] !== "string") {
      const error = typeof body["error"] === "string" ? body["error"] : "token_request_failed";
      const description = typeof body["error_description"] === "string" ? body["error_description"] : undefined;
      throw new TagApiAuthError(error, response.status, description);
    }
    const lifetime = typeof body["expires_in"] === "number" ? body["expires_in"] : 300;
    const skew = Math.min(this.#options.refreshSkewSeconds ?? 60, lifetime / 2);
    this.#cached = { value: body["access_token"], renewAt: this.#now() + (lifetime - skew) * 1000 };
    return body["access_token"];
  }
}

/** Where a bearer token comes from: a provider, a fixed token, or a function. */
export type TokenSource = Pick<ClientCredentialsTokenProvider, "getToken"> & Partial<Pick<ClientCredentialsTokenProvider, "invalidate">>;

/**
 * Sets `Authorization: Bearer …` on each request; on a 401 it drops the token and tries once more with a fresh
 * one, which covers a token revoked or signed with a retired key before its expiry.
 */
export function withBearerToken(next: FetchLike, tokens: TokenSource): FetchLike {
  return async (request) => {
    const token = await tokens.getToken();
    const retry = tokens.invalidate === undefined ? undefined : request.clone();
    request.headers.set("Authorization", `Bearer ${token}`);
    const response = await next(request);
    if (response.status !== 401 || retry === undefined || tokens.invalidate === undefined) {
      return response;
    }
    tokens.invalidate(token);
    const fresh = await tokens.getToken();
    if (fresh === token) {
      return response;
    }
    await response.body?.cancel();
    retry.headers.set("Authorization", `Bearer ${fresh}`);
    return next(retry);
  };
}
