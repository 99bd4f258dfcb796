import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { unwrap, type WebhookEvent, WebhookVerificationError, WebhookVerifier } from "@tagapi/client";
import { type Receiver, startReceiver } from "./receiver.js";
import { tagapi, unique, within } from "./support.js";

describe("Webhook verification of real deliveries", () => {
  let receiver: Receiver;
  let secret: string;
  let endpointId: string;

  before(async () => {
    receiver = await startReceiver();
    const created = await unwrap(tagapi.POST("/v1/webhook-endpoints", { body: { url: receiver.url, eventTypes: ["tag.created"] } }));
    secret = created.secret;
    endpointId = created.endpoint.id;
  });
  after(() => receiver.close());

  it("verifies a delivered tag.created event and returns it typed", async () => {
    const key = unique("hooked");
    await unwrap(tagapi.POST("/v1/tags", { body: { key, name: "Hooked" } }));
    const delivery = await within(30_000, "the tag.created delivery", receiver.next((body) => body.includes(`"${key}"`)));

    const event: WebhookEvent = await new WebhookVerifier(secret).verify(delivery.headers, delivery.body);

    assert.equal(event.type, "tag.created");
    if (event.type === "tag.created") {
      assert.equal(event.data.tag.key, key); // narrowed by `type` to TagCreatedEvent
    }
    assert.equal(event.id, delivery.headers["webhook-id"]);
  });

  it("verifies the signed test ping, and with both secrets during a rotation", async () => {
    const old = secret;
    const rotated = await unwrap(tagapi.POST("/v1/webhook-endpoints/{id}/rotate-secret", { params: { path: { id: endpointId } } }));
    const ping = await unwrap(tagapi.POST("/v1/webhook-endpoints/{id}/test", { params: { path: { id: endpointId } } }));
    assert.equal(ping.delivered, true);
    const delivery = await within(30_000, "the test ping", receiver.next((body) => body.includes("webhook_endpoint.test")));

    const event = await new WebhookVerifier([rotated.secret, old]).verify(delivery.headers, delivery.body);
    assert.equal(event.type, "webhook_endpoint.test");
    await new WebhookVerifier(rotated.secret).verify(delivery.headers, delivery.body);
  });

  it("refuses a changed body, a wrong secret, and a stale or missing timestamp", async () => {
    const delivery = await within(30_000, "any delivery", receiver.next(() => true));
    const verifier = new WebhookVerifier(secret);
    const refused = async (promise: Promise<unknown>, reason: string): Promise<void> => {
      await assert.rejects(promise, (error: unknown) => error instanceof WebhookVerificationError && error.reason === reason);
    };

    await refused(verifier.verify(delivery.headers, Buffer.concat([delivery.body, Buffer.from(" ")])), "no_matching_signature");
    await refused(new WebhookVerifier(`whsec_${Buffer.from("not the secret").toString("base64")}`).verify(delivery.headers, delivery.body), "no_matching_signature");
    const later = new WebhookVerifier(secret, { now: () => Date.now() + 10 * 60 * 1000 });
    await refused(later.verify(delivery.headers, delivery.body), "timestamp_out_of_tolerance");
    await refused(verifier.verify({ ...delivery.headers, "webhook-timestamp": undefined }, delivery.body), "missing_headers");
  });
});
