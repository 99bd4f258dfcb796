import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { paginate, TagApiProblem, unwrap } from "@tagapi/client";
import { newClient, tagapi, unique } from "./support.js";

async function problemOf(call: Promise<unknown>): Promise<TagApiProblem> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof TagApiProblem, `expected a TagApiProblem, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the call to fail");
}

describe("Typed problems", () => {
  it("a bad body is validation_failed with the field's messages", async () => {
    const problem = await problemOf(unwrap(tagapi.POST("/v1/tags", { body: { key: "Not A Key", name: "x" } })));
    assert.equal(problem.status, 400);
    assert.equal(problem.code, "validation_failed");
    assert.ok(problem.errors["key"]?.length, JSON.stringify(problem.errors));
    assert.ok(problem.traceId);
  });

  it("an unknown resource is not_found", async () => {
    const problem = await problemOf(unwrap(tagapi.GET("/v1/tags/{idOrKey}", { params: { path: { idOrKey: unique("missing") } } })));
    assert.equal(problem.status, 404);
    assert.equal(problem.code, "not_found");
    assert.ok(problem.detail);
  });

  it("a stale If-Match is precondition_failed and changes nothing", async () => {
    const key = unique("stale");
    await unwrap(tagapi.POST("/v1/tags", { body: { key, name: "One" } }));
    const problem = await problemOf(unwrap(tagapi.PATCH("/v1/tags/{idOrKey}", {
      params: { path: { idOrKey: key }, header: { "If-Match": "\"stale\"" } },
      body: { name: "Two" },
    })));
    assert.equal(problem.status, 412);
    assert.equal(problem.code, "precondition_failed");
    assert.equal((await unwrap(tagapi.GET("/v1/tags/{idOrKey}", { params: { path: { idOrKey: key } } }))).name, "One");
  });

  it("a query with a typo is query_invalid with the position of each problem", async () => {
    const problem = await problemOf(unwrap(tagapi.POST("/v1/segments/query", { body: { query: "citty = 'Shanghai'" } })));
    assert.equal(problem.code, "query_invalid");
    assert.equal(problem.queryErrors[0]?.line, 1);
    assert.equal(problem.queryErrors[0]?.column, 1);
    assert.equal(problem.queryErrors[0]?.suggestion, "city");
  });

  it("the same idempotency key with another request is idempotency_key_reused", async () => {
    const key = crypto.randomUUID();
    await unwrap(tagapi.POST("/v1/tags", { params: { header: { "Idempotency-Key": key } }, body: { key: unique("reuse"), name: "a" } }));
    const problem = await problemOf(unwrap(tagapi.POST("/v1/tags", { params: { header: { "Idempotency-Key": key } }, body: { key: unique("reuse"), name: "b" } })));
    assert.equal(problem.status, 422);
    assert.equal(problem.code, "idempotency_key_reused");
  });

  it("a missing scope is forbidden, also while paging", async () => {
    const narrow = newClient({ scope: "customers:read" });
    const problem = await problemOf((async () => {
      for await (const _ of paginate((cursor) => narrow.GET("/v1/tags", { params: { query: { cursor } } }))) {
        // never reached
      }
    })());
    assert.equal(problem.status, 403);
    assert.equal(problem.code, "forbidden");
  });
});
