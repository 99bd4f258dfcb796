import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pages, paginate, unwrap } from "@tagapi/client";
import { recordingFetch, newClient, tagapi, unique } from "./support.js";

describe("Auto-paging over cursor lists", () => {
  const prefix = unique("page");
  const keys = Array.from({ length: 7 }, (_, i) => `${prefix}_${i}`);

  it("yields every item of every page, following nextCursor until it is null", async () => {
    for (const key of keys) {
      await unwrap(tagapi.POST("/v1/tags", { body: { key, name: key } }));
    }
    const recorded = recordingFetch();
    const client = newClient({ fetch: recorded.fetch });

    const seen: string[] = [];
    for await (const tag of paginate((cursor) => client.GET("/v1/tags", { params: { query: { q: prefix, limit: 2, cursor } } }))) {
      seen.push(tag.key);
    }

    assert.deepEqual(seen.sort(), [...keys].sort());
    const listCalls = recorded.requests.filter((r) => new URL(r.url).pathname === "/v1/tags");
    assert.equal(listCalls.length, 4, "7 tags in pages of 2");
    assert.equal(new URL(listCalls[0]!.url).searchParams.has("cursor"), false);
    assert.ok(listCalls.slice(1).every((r) => new URL(r.url).searchParams.get("cursor")));
  });

  it("fetches no further page once the loop stops", async () => {
    const recorded = recordingFetch();
    const client = newClient({ fetch: recorded.fetch });
    let taken = 0;
    for await (const _ of paginate((cursor) => client.GET("/v1/tags", { params: { query: { q: prefix, limit: 2, cursor } } }))) {
      taken += 1;
      if (taken === 3) break;
    }
    assert.equal(recorded.requests.filter((r) => new URL(r.url).pathname === "/v1/tags").length, 2);
  });

  it("hands out whole pages too", async () => {
    const sizes: number[] = [];
    for await (const page of pages((cursor) => tagapi.GET("/v1/tags", { params: { query: { q: prefix, limit: 3, cursor } } }))) {
      sizes.push(page.data.length);
    }
    assert.deepEqual(sizes, [3, 3, 1]);
  });
});
