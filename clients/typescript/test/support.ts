// What every test shares: the live server test.sh started (TAGAPI_URL and the clients it created), one client
// for the suite (so the token endpoint's own limits are never in play), and names no other test uses.
import { createTagApiClient, type FetchLike, type TagApiClient, type TagApiClientOptions } from "@tagapi/client";

export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: run the tests through clients/typescript/test.sh`);
  }
  return value;
}

export const baseUrl = env("TAGAPI_URL");

/** A client of the suite's main API client, with any option overridden. */
export function newClient(options: Partial<TagApiClientOptions> = {}): TagApiClient {
  return createTagApiClient({ baseUrl, clientId: env("TAGAPI_CLIENT_ID"), clientSecret: env("TAGAPI_CLIENT_SECRET"), ...options });
}

export const tagapi = newClient();

let counter = 0;
/** A key unique to this run (tag, segment and customer keys are per tenant, and the tenant is shared). */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

/** A transport that records every request it sends. */
export function recordingFetch(): { fetch: FetchLike; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: (request) => {
      requests.push(request.clone());
      return globalThis.fetch(request);
    },
  };
}

/** Resolves with the promise's value, or rejects after `ms` naming what was awaited. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
