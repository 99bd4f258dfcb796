import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createTagApiClient, type FetchLike, type RetryInfo, TagApiProblem, unwrap } from "@tagapi/client";
import { droppingProxy } from "./proxy.js";
import { baseUrl, env, newClient, recordingFetch, tagapi, unique } from "./support.js";

describe("Retries", () => {
  // This client may make one request per second after a burst of two (test.sh configures its limit).
  const throttled = (options: Parameters<typeof createTagApiClient>[0]["retry"], fetch: FetchLike = (r) => globalThis.fetch(r)) => createTagApiClient({
    baseUrl, clientId: env("TAGAPI_THROTTLED_CLIENT_ID"), clientSecret: env("TAGAPI_THROTTLED_CLIENT_SECRET"), retry: options, fetch,
  });

  it("without retries, a burst over the limit is a rate_limited problem with Retry-After", async () => {
    const client = throttled({ maxAttempts: 1 });
    const statuses: number[] = [];
    let limited: TagApiProblem | undefined;
    for (let i = 0; i < 6 && limited === undefined; i++) {
      try {
        await unwrap(client.GET("/v1/tags", { params: { query: { limit: 1 } } }));
        statuses.push(200);
      } catch (error) {
        assert.ok(error instanceof TagApiProblem);
        limited = error;
      }
    }
    assert.ok(limited, `no 429 after ${statuses.length} requests`);
    assert.equal(limited.status, 429);
    assert.equal(limited.code, "rate_limited");
    assert.match(limited.response.headers.get("Retry-After") ?? "", /^\d+$/);
  });

  it("retries a forced 429 after Retry-After, reusing the write's idempotency key, and the write happens once", async () => {
    const retries: RetryInfo[] = [];
    const recorded = recordingFetch();
    const client = throttled({ onRetry: (info) => retries.push(info) }, recorded.fetch);
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const key = unique("throttled");
      keys.push(key);
      const tag = await unwrap(client.POST("/v1/tags", { body: { key, name: key } }));
      assert.equal(tag.key, key);
    }

    assert.ok(retries.some((r) => r.reason === 429), "a burst of five writes met the limit");
    assert.ok(retries.filter((r) => r.reason === 429).every((r) => r.delayMs >= 250));
    const writes = recorded.requests.filter((r) => r.method === "POST" && new URL(r.url).pathname === "/v1/tags");
    const attemptsPerKey = new Map<string, number>();
    for (const write of writes) {
      const key = write.headers.get("Idempotency-Key");
      assert.ok(key, "every write carries an Idempotency-Key");
      attemptsPerKey.set(key, (attemptsPerKey.get(key) ?? 0) + 1);
    }
    assert.equal(attemptsPerKey.size, 5, "one key per logical call");
    assert.ok([...attemptsPerKey.values()].some((n) => n > 1), "a retried call reused its key");
    const listed = await unwrap(tagapi.GET("/v1/tags", { params: { query: { q: "throttled", limit: 200 } } }));
    assert.deepEqual(listed.data.map((t) => t.key).filter((k) => keys.includes(k)).sort(), [...keys].sort());
  });

  describe("after a dropped response", () => {
    const proxies: { close(): Promise<void> }[] = [];
    after(() => Promise.all(proxies.map((p) => p.close())));

    it("retries the write with the same key and gets the first outcome replayed: one purchase recorded", async () => {
      const externalId = unique("dropped");
      await unwrap(tagapi.PUT("/v1/customers/by-external-id/{externalId}", { params: { path: { externalId } }, body: { name: "Han Meimei" } }));
      let dropped = 0;
      const proxy = await droppingProxy(baseUrl, (req) => req.method === "POST" && req.url === "/v1/activities" && dropped++ === 0);
      proxies.push(proxy);
      const retries: RetryInfo[] = [];
      const client = newClient({ baseUrl: proxy.url, retry: { onRetry: (info) => retries.push(info) } });

      const recorded = await client.POST("/v1/activities", { body: { customerExternalId: externalId, type: "purchase", amount: 120 } });

      assert.equal(recorded.response.status, 201);
      assert.equal(recorded.response.headers.get("Idempotent-Replayed"), "true");
      assert.ok(retries[0]?.reason instanceof Error, "the first attempt failed on the network");
      const attempts = proxy.seen.filter((s) => s.method === "POST" && s.path === "/v1/activities");
      assert.equal(attempts.length, 2);
      assert.ok(attempts[0]?.idempotencyKey);
      assert.equal(attempts[1]?.idempotencyKey, attempts[0]?.idempotencyKey);
      const customer = await unwrap(tagapi.GET("/v1/customers/by-external-id/{externalId}", { params: { path: { externalId } } }));
      assert.equal(customer.metrics.orderCount, 1);
      assert.equal(customer.metrics.totalSpent, 120);
    });

    it("does not repeat a write that carries no idempotency key", async () => {
      let dropped = 0;
      const proxy = await droppingProxy(baseUrl, (req) => req.method === "POST" && req.url === "/v1/tags" && dropped++ === 0);
      proxies.push(proxy);
      const client = newClient({ baseUrl: proxy.url, retry: { idempotencyKeys: false } });

      await assert.rejects(client.POST("/v1/tags", { body: { key: unique("unkeyed"), name: "x" } }), TypeError);
      assert.equal(proxy.seen.filter((s) => s.method === "POST" && s.path === "/v1/tags").length, 1);
    });
  });
});
