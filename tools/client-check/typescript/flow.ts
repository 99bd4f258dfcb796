// Runs the everyday integrator flow through types generated, unmodified, from
// api-specs/openapi/v1.json by openapi-typescript, calling through openapi-fetch
// (scripts/check-generated-clients.sh compiles this strictly next to the generated schema.d.ts).
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const [baseUrl, clientId, clientSecret] = process.argv.slice(2);
if (!baseUrl || !clientId || !clientSecret) {
  throw new Error("usage: node flow.js <base-url> <client-id> <client-secret>");
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`Check failed: ${what}`);
  }
}

const api = createClient<paths>({ baseUrl });

const token = await api.POST("/connect/token", {
  body: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret },
  bodySerializer: (body) => new URLSearchParams(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string")),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});
check(token.data?.token_type === "Bearer" && token.data.expires_in > 0, "token");
const accessToken = token.data!.access_token;
api.use({
  onRequest({ request }) {
    request.headers.set("Authorization", `Bearer ${accessToken}`);
    return request;
  },
});

const tag = await api.POST("/v1/tags", {
  params: { header: { "Idempotency-Key": crypto.randomUUID() } },
  body: { key: "ts_vip", name: "TypeScript VIP", color: "#40C057" },
});
check(tag.response.status === 201 && tag.data?.key === "ts_vip", "create tag");

const customer = await api.PUT("/v1/customers/by-external-id/{externalId}", {
  params: { path: { externalId: "ts-1001" } },
  body: { name: "Wang Fang", city: "Shanghai", source: "online", attributes: { vipLevel: 5 } },
});
const saved = customer.data;
check(saved?.externalId === "ts-1001" && saved.attributes["vipLevel"] === 5 && saved.birthDate === null, "upsert with attributes");

const changed = await api.POST("/v1/customers/{id}/tags", { params: { path: { id: saved!.id } }, body: { add: ["ts_vip"] } });
check(changed.data?.added.includes("ts_vip") === true, "tag the customer");

const tags = await api.GET("/v1/tags", { params: { query: { q: "ts_", limit: 50 } } });
check(tags.data?.data.some((t) => t.key === "ts_vip" && t.customerCount === 1) === true && tags.data.nextCursor === null, "list tags");

const members = await api.POST("/v1/segments/query", { body: { query: "tag = 'ts_vip' AND attributes.vipLevel >= 5", limit: 10 } });
check(members.data?.count === 1 && members.data.data[0]?.id === saved!.id, "segment query");

const invalid = await api.POST("/v1/tags", { body: { key: "Not A Key", name: "x" } });
const errors = invalid.error?.errors;
check(invalid.response.status === 400 && invalid.error?.code === "validation_failed" && !Array.isArray(errors) && errors?.["key"] !== undefined, "typed 400 problem");
const missing = await api.GET("/v1/tags/{idOrKey}", { params: { path: { idOrKey: "no_such_tag" } } });
check(missing.response.status === 404 && missing.error?.code === "not_found", "typed 404 problem");

console.log("openapi-typescript + openapi-fetch: token, tag, upsert with attributes, tag it, list tags, segment query, typed problems: ok");
