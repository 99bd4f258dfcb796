import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ClientCredentialsTokenProvider, TagApiAuthError, unwrap } from "@tagapi/client";
import { baseUrl, env, newClient, recordingFetch } from "./support.js";

const tokenUrl = new URL("/connect/token", baseUrl);
const isTokenRequest = (r: Request): boolean => new URL(r.url).pathname === "/connect/token";

describe("Client-credentials tokens", () => {
  it("concurrent first calls share one token request, and later calls reuse the token", async () => {
    const recorded = recordingFetch();
    const client = newClient({ fetch: recorded.fetch });

    await Promise.all(Array.from({ length: 5 }, () => unwrap(client.GET("/v1/tags", { params: { query: { limit: 1 } } }))));
    await unwrap(client.GET("/v1/tags", { params: { query: { limit: 1 } } }));

    assert.equal(recorded.requests.filter(isTokenRequest).length, 1);
    const authorizations = new Set(recorded.requests.filter((r) => !isTokenRequest(r)).map((r) => r.headers.get("Authorization")));
    assert.equal(authorizations.size, 1);
    assert.match([...authorizations][0] ?? "", /^Bearer ey/);
  });

  it("renews the token shortly before it expires", async () => {
    const recorded = recordingFetch();
    let now = Date.now();
    const tokens = new ClientCredentialsTokenProvider({
      tokenUrl, clientId: env("TAGAPI_CLIENT_ID"), clientSecret: env("TAGAPI_CLIENT_SECRET"), fetch: recorded.fetch, now: () => now,
    });
    const first = await tokens.getToken();
    now += 58 * 60 * 1000; // an hour's token, renewed a minute early: still good at 58 minutes
    assert.equal(await tokens.getToken(), first);
    now += 90 * 1000;
    await tokens.getToken();
    assert.equal(recorded.requests.length, 2);
  });

  it("a wrong secret is a TagApiAuthError with the OAuth2 error code", async () => {
    const tokens = new ClientCredentialsTokenProvider({ tokenUrl, clientId: env("TAGAPI_CLIENT_ID"), clientSecret: "tas_wrong" });
    await assert.rejects(tokens.getToken(), (error: unknown) => {
      assert.ok(error instanceof TagApiAuthError);
      assert.equal(error.error, "invalid_client");
      assert.equal(error.status, 401);
      return true;
    });
  });

  it("a token the API refuses is dropped and the call made again with a fresh one", async () => {
    const real = new ClientCredentialsTokenProvider({ tokenUrl, clientId: env("TAGAPI_CLIENT_ID"), clientSecret: env("TAGAPI_CLIENT_SECRET") });
    let refused = false;
    const tokens = {
      getToken: () => (refused ? real.getToken() : Promise.resolve("not-a-valid-token")),
      invalidate: () => { refused = true; },
    };
    const client = newClient({ tokens });
    const page = await unwrap(client.GET("/v1/tags", { params: { query: { limit: 1 } } }));
    assert.ok(Array.isArray(page.data));
    assert.equal(refused, true);
  });
});
