import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Schema, unwrap } from "@tagapi/client";
import { tagapi, unique } from "./support.js";

describe("The everyday integrator flow", () => {
  it("creates a tag, syncs a customer by external id, tags it and finds it by segment query", async () => {
    const category = unique("tier");
    await unwrap(tagapi.POST("/v1/tag-categories", { body: { key: category, name: "Tier", exclusive: true } }));
    const gold = unique("gold");
    const tag: Schema<"TagResponse"> = await unwrap(tagapi.POST("/v1/tags", { body: { key: gold, name: "Gold", category } }));
    assert.equal(tag.key, gold);

    const externalId = unique("shop");
    const customer = await unwrap(tagapi.PUT("/v1/customers/by-external-id/{externalId}", {
      params: { path: { externalId } },
      body: { name: "Li Lei", city: "Shanghai", source: "online", attributes: { vipLevel: 3 } },
    }));
    assert.equal(customer.externalId, externalId);
    assert.equal(customer.attributes["vipLevel"], 3);

    const changed = await unwrap(tagapi.POST("/v1/customers/{id}/tags", { params: { path: { id: customer.id } }, body: { add: [gold] } }));
    assert.deepEqual(changed.added, [gold]);
    const tags = await unwrap(tagapi.GET("/v1/customers/{id}/tags", { params: { path: { id: customer.id } } }));
    assert.deepEqual(tags.data.map((t) => t.tag.key), [gold]);

    const found = await unwrap(tagapi.POST("/v1/segments/query", { body: { query: `tag = '${gold}' AND city = 'Shanghai'`, limit: 10 } }));
    assert.equal(found.count, 1);
    assert.equal(found.data[0]?.id, customer.id);
  });

  it("updates with If-Match from the ETag it read, and the write answers the new ETag", async () => {
    const key = unique("etag");
    await unwrap(tagapi.POST("/v1/tags", { body: { key, name: "Before" } }));
    const read = await tagapi.GET("/v1/tags/{idOrKey}", { params: { path: { idOrKey: key } } });
    const etag = read.response.headers.get("ETag");
    assert.ok(etag);

    const updated = await tagapi.PATCH("/v1/tags/{idOrKey}", { params: { path: { idOrKey: key }, header: { "If-Match": etag } }, body: { name: "After" } });
    assert.equal(updated.data?.name, "After");
    assert.notEqual(updated.response.headers.get("ETag"), etag);

    const unchanged = await tagapi.GET("/v1/tags/{idOrKey}", {
      params: { path: { idOrKey: key }, header: { "If-None-Match": updated.response.headers.get("ETag") ?? "" } },
    });
    assert.equal(unchanged.response.status, 304);
  });
});
