import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AddCustomerTagsDocument,
  CustomerByExternalIdDocument,
  type CustomerByExternalIdQuery,
  SegmentMembersDocument,
  TagApiGraphQLError,
  unwrap,
} from "@tagapi/client";
import { newClient, recordingFetch, tagapi, unique } from "./support.js";

describe("Typed GraphQL documents", () => {
  it("runs the shipped documents with typed variables and typed results", async () => {
    const externalId = unique("gql");
    const tag = unique("gql_tag");
    await unwrap(tagapi.POST("/v1/tags", { body: { key: tag, name: "GraphQL" } }));
    const saved = await unwrap(tagapi.PUT("/v1/customers/by-external-id/{externalId}", { params: { path: { externalId } }, body: { name: "Zhang Wei", city: "Hangzhou" } }));

    const added = await tagapi.graphql(AddCustomerTagsDocument, { customer: saved.id, tags: [tag] });
    assert.deepEqual(added.tagsAdd.added, [tag]);
    assert.deepEqual(added.tagsAdd.userErrors, []);

    const result: CustomerByExternalIdQuery = await tagapi.graphql(CustomerByExternalIdDocument, { externalId });
    assert.equal(result.customer?.id, saved.id);
    assert.equal(result.customer?.city, "Hangzhou");
    assert.deepEqual(result.customer?.tags.map((t) => [t.tag.key, t.source]), [[tag, "MANUAL"]]);
    assert.equal(typeof result.customer?.version, "number");

    const members = await tagapi.graphql(SegmentMembersDocument, { query: `tag = '${tag}'`, first: 10 });
    assert.equal(members.segmentQuery.totalCount, 1);
    assert.equal(members.segmentQuery.items[0]?.externalId, externalId);
  });

  it("checks variables at compile time", () => {
    const compileOnly = (): void => {
      // @ts-expect-error externalId is required
      void tagapi.graphql(CustomerByExternalIdDocument, {});
      // @ts-expect-error first is an Int
      void tagapi.graphql(SegmentMembersDocument, { query: "tag = 'x'", first: "ten" });
    };
    assert.equal(typeof compileOnly, "function");
  });

  it("an answer with errors is a TagApiGraphQLError carrying them", async () => {
    const narrow = newClient({ scope: "tags:read" });
    await assert.rejects(narrow.graphql(CustomerByExternalIdDocument, { externalId: "anyone" }), (error: unknown) => {
      assert.ok(error instanceof TagApiGraphQLError);
      assert.ok(error.errors.length > 0);
      assert.ok(error.code, JSON.stringify(error.errors));
      return true;
    });
  });
});

describe("GraphQL requests and idempotency keys", () => {
  it("a mutation carries an Idempotency-Key and a query does not (its answer is not stored)", async () => {
    const recorded = recordingFetch();
    const client = newClient({ fetch: recorded.fetch });
    const tag = unique("gql_key");
    await unwrap(tagapi.POST("/v1/tags", { body: { key: tag, name: "Keyed" } }));
    const saved = await unwrap(tagapi.PUT("/v1/customers/by-external-id/{externalId}", { params: { path: { externalId: unique("gql_key") } }, body: {} }));

    await client.graphql(AddCustomerTagsDocument, { customer: saved.id, tags: [tag] });
    await client.graphql(SegmentMembersDocument, { query: `tag = '${tag}'`, first: 10 });

    const posts = recorded.requests.filter((r) => new URL(r.url).pathname === "/graphql");
    assert.equal(posts.length, 2);
    assert.ok(posts[0]?.headers.get("Idempotency-Key"));
    assert.equal(posts[1]?.headers.get("Idempotency-Key"), null);
  });
});
