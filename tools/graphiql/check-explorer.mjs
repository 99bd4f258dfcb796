// Headless check of the GraphQL explorer: opens /graphql/ui in Chromium, signs in with client
// credentials, runs the starter query, and fails unless GraphiQL renders a result with data.
// Blocks every request that leaves the server's origin, so it also proves the page is offline-safe.
// Usage: node check-explorer.mjs <base url> <client id> <client secret> <screenshot.png>
import { chromium } from "playwright-core";

const [base, clientId, clientSecret, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const external = [];
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
try {
  await page.route("**/*", route => {
    if (route.request().url().startsWith(base)) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await page.goto(base + "/graphql/ui");
  await page.waitForSelector(".graphiql-container", { timeout: 30000 });
  await page.fill("#clientId", clientId);
  await page.fill("#clientSecret", clientSecret);
  await page.click("#signIn");
  await page.waitForFunction(() => document.getElementById("signInStatus").textContent.includes("token set"), null, { timeout: 15000 });
  await page.waitForSelector(".graphiql-execute-button", { timeout: 15000 });
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(() => {
    const result = document.querySelector(".result-window");
    return result && result.textContent.includes('"data"') && result.textContent.includes('"tags"');
  }, null, { timeout: 20000 });
  const text = await page.textContent(".result-window");
  await page.screenshot({ path: screenshot });
  if (errors.length > 0) throw new Error("page errors: " + errors.join("; "));
  if (external.length > 0) throw new Error("the page reached outside the server: " + external.join(", "));
  console.log("explorer ok: the starter query returned data (" + text.length + " characters shown); screenshot " + screenshot);
} catch (e) {
  await page.screenshot({ path: screenshot }).catch(() => {});
  console.error("explorer check failed (screenshot " + screenshot + "): " + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
