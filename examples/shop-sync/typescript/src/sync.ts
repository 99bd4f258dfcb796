import { type TagApiClient, TagApiProblem, unwrap } from "@tagapi/client";
import { readCsv } from "./csv.js";

/** Upserts every customer of the CSV by the shop's own id: running it again changes nothing. */
export async function syncCustomers(tagapi: TagApiClient, path: string): Promise<number> {
  const rows = readCsv(path);
  for (const row of rows) {
    await unwrap(tagapi.PUT("/v1/customers/by-external-id/{externalId}", {
      params: { path: { externalId: required(row, "customer_id") } },
      body: {
        name: required(row, "name"),
        email: required(row, "email"),
        city: required(row, "city"),
        country: required(row, "country"),
        source: required(row, "signup_channel") === "store" ? "offline" : "online",
        attributes: { vipLevel: Number(required(row, "vip_level")) },
      },
    }));
  }
  return rows.length;
}

/**
 * Records every order as a purchase, in batches of up to 1,000. Each activity carries the order id as its
 * externalId, so an order sent twice (a re-run, a retried batch) is recorded once.
 */
export async function syncOrders(tagapi: TagApiClient, path: string): Promise<{ recorded: number; duplicates: number }> {
  const activities = readCsv(path).map((row) => ({
    externalId: required(row, "order_id"),
    customerExternalId: required(row, "customer_id"),
    type: "purchase",
    amount: Number(required(row, "amount")),
    currency: required(row, "currency"),
    occurredAt: required(row, "ordered_at"),
    channel: required(row, "channel"),
  }));
  const total = { recorded: 0, duplicates: 0 };
  for (let i = 0; i < activities.length; i += 1000) {
    const result = await unwrap(tagapi.POST("/v1/activities/batch", { body: { activities: activities.slice(i, i + 1000) } }));
    total.recorded += result.recorded;
    total.duplicates += result.duplicates;
  }
  return total;
}

/** Runs `create` unless `read` finds the resource already (404 means absent; anything else is an error). */
export async function ensure(read: () => Promise<unknown>, create: () => Promise<unknown>): Promise<"created" | "existed"> {
  try {
    await read();
    return "existed";
  } catch (error) {
    if (!(error instanceof TagApiProblem) || error.code !== "not_found") throw error;
  }
  await create();
  return "created";
}

function required(row: Record<string, string>, column: string): string {
  const value = row[column];
  if (value === undefined || value === "") throw new Error(`CSV row without ${column}: ${JSON.stringify(row)}`);
  return value;
}
