import { type FetchLike, sleep } from "./fetch.js";

/** How the client retries. Every field has a default. */
export interface RetryOptions {
  /** Attempts per logical call, the first included (default 4; 1 turns retries off). */
  maxAttempts?: number;
  /** The first backoff when the server gives no `Retry-After` (default 250 ms); it doubles per attempt, with jitter. */
  baseDelayMs?: number;
  /** The longest backoff without `Retry-After` (default 8 s). */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the 429 or 503 is returned (default 60 s). */
  maxRetryAfterMs?: number;
  /** Set an `Idempotency-Key` on every POST, PUT, PATCH and DELETE that has none (default true). */
  idempotencyKeys?: boolean;
  /** Creates the key of one logical call (default `crypto.randomUUID()`). */
  newIdempotencyKey?: () => string;
  /** Called before each retry, e.g. for logging. */
  onRetry?: (info: RetryInfo) => void;
}

/** Why and when a call is retried. */
export interface RetryInfo {
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  /** The wait before it. */
  delayMs: number;
  /** The status that caused the retry, or the network error. */
  reason: number | Error;
  request: Request;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const readOnlyPosts = new WeakSet<Request>();

/**
 * Marks a POST that changes nothing (a GraphQL query): it gets no idempotency key — the server would store its
 * outcome, personal data included, for a day — and is repeated after a network failure like a GET.
 */
export function markReadOnly(request: Request): Request {
  readOnlyPosts.add(request);
  return request;
}

/**
 * Retries 429 and 503 answers (waiting `Retry-After` when the server sends it, else exponential backoff with
 * jitter), a 409 `idempotency_in_flight` (the first attempt of the same call is still running), and network
 * errors — for safe methods and for writes that carry an `Idempotency-Key`, since only those can be repeated
 * without doing the work twice. A write gets one key for the whole logical call, reused by every attempt, so the
 * server replays the first outcome instead of applying the write again.
 */
export function withRetries(next: FetchLike, options: RetryOptions = {}): FetchLike {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 8_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const setKeys = options.idempotencyKeys ?? true;
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());

  return async (original) => {
    const readOnly = SAFE_METHODS.has(original.method) || readOnlyPosts.has(original);
    if (setKeys && !readOnly && WRITE_METHODS.has(original.method) && !original.headers.has("Idempotency-Key")) {
      original.headers.set("Idempotency-Key", newKey());
    }
    const repeatable = readOnly || original.headers.has("Idempotency-Key");
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      // Each attempt sends a copy, so the original body is still there for the next one.
      const request = last ? original : original.clone();
      let response: Response;
      try {
        response = await next(request);
      } catch (error) {
        if (last || !repeatable || original.signal.aborted || !(error instanceof Error) || error.name === "AbortError") {
          throw error;
        }
        await pause(options, attempt, backoff(attempt, baseDelay, maxDelay), error, original);
        continue;
      }
      if (last || !(await isRetryable(response, repeatable))) {
        return response;
      }
      const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
        return response;
      }
      await response.body?.cancel();
      // A zero Retry-After (less than a second was left) still waits a little, so retries do not arrive in a burst.
      const delay = retryAfter === undefined ? backoff(attempt, baseDelay, maxDelay) : Math.max(retryAfter, baseDelay);
      await pause(options, attempt, delay, response.status, original);
    }
  };
}

async function isRetryable(response: Response, repeatable: boolean): Promise<boolean> {
  if (response.status === 429 || response.status === 503) {
    return true;
  }
  if (response.status === 409 && repeatable) {
    const body: unknown = await response.clone().json().catch(() => undefined);
    return typeof body === "object" && body !== null && (body as { code?: unknown }).code === "idempotency_in_flight";
  }
  return false;
}

async function pause(options: RetryOptions, attempt: number, delayMs: number, reason: number | Error, request: Request): Promise<void> {
  options.onRetry?.({ attempt: attempt + 1, delayMs, reason, request });
  await sleep(delayMs, request.signal);
}

/** Full jitter: a random wait up to the doubled delay, so clients that failed together do not retry together. */
function backoff(attempt: number, baseDelay: number, maxDelay: number): number {
  const ceiling = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
