/** The transport every layer of the client wraps: the shape of `fetch` that openapi-fetch calls. */
export type FetchLike = (request: Request) => Promise<Response>;

/** The transport when none is given: the platform's `fetch`, looked up at call time. */
export const platformFetch: FetchLike = (request) => globalThis.fetch(request);

/** Waits, unless the request is aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
