import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { baseUrl, env } from "./support.js";

// build-test/test/readme.test.js → the package folder
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The first TypeScript block under the README's "## Quick start" heading. */
function quickStart(): string {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Quick start"));
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(code, "README.md has a ```ts block under ## Quick start");
  return code;
}

describe("The README quick start", () => {
  it("is at most a dozen lines, compiles under strict tsc, and runs against the live server", () => {
    const code = quickStart();
    const lines = code.split("\n").filter((line) => line.trim() !== "");
    assert.ok(lines.length <= 12, `the quick start stays short (${lines.length} lines)`);

    // Inside the package folder, so "@tagapi/client" resolves to this package's build as an installed one would.
    const dir = join(packageDir, "build-test", "readme");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "quickstart.ts"), code);
    const tsc = spawnSync(process.execPath, [join(packageDir, "node_modules/typescript/bin/tsc"),
      "--strict", "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--types", "node",
      "--skipLibCheck", "--rootDir", dir, "--outDir", join(dir, "out"), join(dir, "quickstart.ts")], { encoding: "utf8" });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);

    const run = spawnSync(process.execPath, [join(dir, "out", "quickstart.js")], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, TAGAPI_URL: baseUrl, TAGAPI_CLIENT_ID: env("TAGAPI_QUICKSTART_CLIENT_ID"), TAGAPI_CLIENT_SECRET: env("TAGAPI_QUICKSTART_CLIENT_SECRET") },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^shop-1001 Li Lei$/m);
  });
});
