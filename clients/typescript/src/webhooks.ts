import type { WebhookEvent } from "./generated/webhooks.js";

/** Why a webhook was refused. */
export type WebhookVerificationFailure = "missing_headers" | "timestamp_out_of_tolerance" | "no_matching_signature" | "invalid_payload";

/** The webhook is not (provably) from TagApi, or is too old: answer it with a 4xx and do not act on it. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";

  constructor(readonly reason: WebhookVerificationFailure, message: string) {
    super(message);
  }
}

/** The request headers, as a `Headers` object or as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WebhookVerifierOptions {
  /** How far the `webhook-timestamp` may be from now, either way (default 300 s): older deliveries are replays. */
  toleranceSeconds?: number;
  /** The clock, for tests (default `Date.now`). */
  now?: () => number;
}

const encoder = new TextEncoder();

/**
 * Verifies TagApi webhooks (the Standard Webhooks scheme: `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`) with Web Crypto, so it runs in
 * Node 20+, browsers, Deno, Bun and edge runtimes alike. Give it the endpoint's secret (`whsec_…`), or both
 * secrets while one is being rotated.
 */
export class WebhookVerifier {
  readonly #keys: Promise<Awaited<ReturnType<typeof crypto.subtle.importKey>>[]>;
  readonly #tolerance: number;
  readonly #now: () => number;

  constructor(secrets: string | readonly string[], options: WebhookVerifierOptions = {}) {
    const list = typeof secrets === "string" ? [secrets] : [...secrets];
    if (list.length === 0) {
      throw new TypeError("WebhookVerifier needs at least one secret");
    }
    this.#keys = Promise.all(list.map((secret) =>
      crypto.subtle.importKey("raw", decodeSecret(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"])));
    this.#tolerance = options.toleranceSeconds ?? 300;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Checks the signature and timestamp of a delivery and returns its typed event. `body` must be the raw body as
   * received (bytes or text), not a re-serialised object. Throws `WebhookVerificationError` otherwise.
   */
  async verify(headers: WebhookHeaders, body: string | Uint8Array): Promise<WebhookEvent> {
    const id = header(headers, "webhook-id");
    const timestamp = header(headers, "webhook-timestamp");
    const signatures = header(headers, "webhook-signature");
    if (id === undefined || timestamp === undefined || signatures === undefined) {
      throw new WebhookVerificationError("missing_headers", "webhook-id, webhook-timestamp and webhook-signature are required");
    }
    const seconds = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (Number.isNaN(seconds) || Math.abs(this.#now() / 1000 - seconds) > this.#tolerance) {
      throw new WebhookVerificationError("timestamp_out_of_tolerance", `webhook-timestamp ${timestamp} is outside the tolerance of ${this.#tolerance} s`);
    }
    const bytes = typeof body === "string" ? encoder.encode(body) : body;
    const signed = concat(encoder.encode(`${id}.${timestamp}.`), bytes);
    const candidates = signatures.split(" ").flatMap((entry) => {
      const [version, value] = entry.split(",", 2);
      const decoded = version === "v1" && value !== undefined ? decodeBase64(value) : undefined;
      return decoded === undefined ? [] : [decoded];
    });
    for (const key of await this.#keys) {
      for (const signature of candidates) {
        // subtle.verify compares in constant time.
        if (await crypto.subtle.verify("HMAC", key, signature, signed)) {
          return parseEvent(bytes);
        }
      }
    }
    throw new WebhookVerificationError("no_matching_signature", "no v1 signature matches the body with the given secret(s)");
  }
}

/** One-shot form of `new WebhookVerifier(secrets, options).verify(headers, body)`. */
export function verifyWebhook(secrets: string | readonly string[], headers: WebhookHeaders, body: string | Uint8Array, options?: WebhookVerifierOptions): Promise<WebhookEvent> {
  return new WebhookVerifier(secrets, options).verify(headers, body);
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | readonly string[] | undefined>)[name];
  return typeof value === "string" ? value : value?.join(" ");
}

function decodeSecret(secret: string): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
  if (bytes === undefined || bytes.length === 0) {
    throw new TypeError("a webhook secret is whsec_ followed by base64");
  }
  return bytes;
}

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(a.length + b.length);
  all.set(a, 0);
  all.set(b, a.length);
  return all;
}

function parseEvent(bytes: Uint8Array): WebhookEvent {
  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new WebhookVerificationError("invalid_payload", "the signed body is not JSON");
  }
  if (typeof event !== "object" || event === null || typeof (event as { type?: unknown }).type !== "string") {
    throw new WebhookVerificationError("invalid_payload", "the signed body is not an event");
  }
  // Event types added later still arrive (tolerant readers): narrow by `type` and ignore what you do not know.
  return event as WebhookEvent;
}
