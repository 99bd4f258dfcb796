// The retry policy's decisions on answers a live server seldom gives on demand (503 with an HTTP-date, a 409
// idempotency_in_flight, a GET that loses its connection), over a scripted transport.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type FetchLike, parseRetryAfter, type RetryInfo, withRetries } from "@tagapi/client";

function scripted(...answers: (Response | Error)[]): { fetch: FetchLike; sent: Request[] } {
  const sent: Request[] = [];
  return {
    sent,
    fetch: async (request) => {
      sent.push(request);
      const answer = answers.shift();
      if (answer === undefined) throw new Error("no more answers");
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const problem = (status: number, code: string, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ type: "about:blank", title: code, status, code }), { status, headers: { "Content-Type": "application/problem+json", ...headers } });

describe("The retry policy", () => {
  it("waits for a Retry-After given as an HTTP date on a 503", async () => {
    const retries: RetryInfo[] = [];
    const transport = scripted(problem(503, "temporarily_unavailable", { "Retry-After": new Date(Date.now() + 1500).toUTCString() }), new Response("{}"));
    const response = await withRetries(transport.fetch, { onRetry: (r) => retries.push(r) })(new Request("http://tagapi.test/v1/tags"));
    assert.equal(response.status, 200);
    assert.equal(retries.length, 1);
    assert.ok(retries[0]!.delayMs > 0 && retries[0]!.delayMs <= 1500, String(retries[0]!.delayMs));
  });

  it("retries a 409 idempotency_in_flight with the same key, but no other 409", async () => {
    const transport = scripted(problem(409, "idempotency_in_flight"), new Response("{}", { status: 201 }), problem(409, "conflict"));
    const send = withRetries(transport.fetch, { baseDelayMs: 1 });
    const created = await send(new Request("http://tagapi.test/v1/tags", { method: "POST", body: "{}" }));
    assert.equal(created.status, 201);
    assert.equal(transport.sent[0]?.headers.get("Idempotency-Key"), transport.sent[1]?.headers.get("Idempotency-Key"));
    const conflict = await send(new Request("http://tagapi.test/v1/tags", { method: "POST", body: "{}" }));
    assert.equal(conflict.status, 409);
    assert.equal(transport.sent.length, 3);
    assert.notEqual(transport.sent[2]?.headers.get("Idempotency-Key"), transport.sent[0]?.headers.get("Idempotency-Key"));
  });

  it("retries a GET that lost its connection, and sends every attempt's body", async () => {
    const transport = scripted(new TypeError("fetch failed"), new Response("{}"));
    const response = await withRetries(transport.fetch, { baseDelayMs: 1 })(new Request("http://tagapi.test/v1/tags"));
    assert.equal(response.status, 200);

    const writes = scripted(new TypeError("fetch failed"), new Response("{}", { status: 201 }));
    await withRetries(writes.fetch, { baseDelayMs: 1 })(new Request("http://tagapi.test/v1/tags", { method: "POST", body: '{"key":"a"}' }));
    assert.deepEqual(await Promise.all(writes.sent.map((r) => r.text())), ['{"key":"a"}', '{"key":"a"}']);
  });

  it("gives up after maxAttempts and returns the last answer, and does not wait for a Retry-After past the limit", async () => {
    const always = scripted(problem(429, "rate_limited", { "Retry-After": "0" }), problem(429, "rate_limited", { "Retry-After": "0" }));
    const last = await withRetries(always.fetch, { maxAttempts: 2, baseDelayMs: 1 })(new Request("http://tagapi.test/v1/tags"));
    assert.equal(last.status, 429);
    assert.equal(always.sent.length, 2);

    const longWait = scripted(problem(429, "rate_limited", { "Retry-After": "3600" }));
    const answered = await withRetries(longWait.fetch)(new Request("http://tagapi.test/v1/tags"));
    assert.equal(answered.status, 429);
    assert.equal(longWait.sent.length, 1);
  });

  it("stops waiting when the call is aborted", async () => {
    const transport = scripted(problem(503, "temporarily_unavailable", { "Retry-After": "30" }));
    const controller = new AbortController();
    const pending = withRetries(transport.fetch)(new Request("http://tagapi.test/v1/tags", { signal: controller.signal }));
    controller.abort(new Error("shutting down"));
    await assert.rejects(pending, /shutting down/);
  });

  it("reads Retry-After as seconds or as a date", () => {
    assert.equal(parseRetryAfter("2"), 2000);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter("soon"), undefined);
    assert.equal(parseRetryAfter(new Date(Date.now() - 5000).toUTCString()), 0);
  });
});
