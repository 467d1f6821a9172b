// The root README as a new user follows it: its example runs against the mock with the one change
// it names, and its release commands are the ones the rehearsal ran.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { expectedBody } from "./example.js";
import { RELEASE_COMMANDS } from "./release.js";
import { run } from "./run.js";

const { app, mockUrl, nodes } = inject("consumer");
const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
const README_MOCK = "http://127.0.0.1:4010";

/** The body of the section under `## <title>`. */
const section = (title: string) => readme.split(/^## /m).find((s) => s.startsWith(title)) ?? "";

describe("the root README", () => {
  it("example runs against the mock after the change it names", async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, "a ts block at the top of the README").toBeDefined();
    const change = new RegExp(`change one line to\\s+\`(baseUrl: "${README_MOCK.replace(/\./g, "\\.")}",)\``).exec(readme)?.[1];
    expect(change, "the README names the line to change").toBeDefined();
    const lines = example!.split("\n");
    const at = lines.findIndex((line) => /^\s*baseUrl:/.test(line));
    expect(at, "the example has a baseUrl line").toBeGreaterThanOrEqual(0);
    lines[at] = `  ${change!.replace(README_MOCK, mockUrl)}`;
    const file = join(app, "readme-example.mts");
    writeFileSync(file, lines.join("\n"));
    // Node 24 runs TypeScript whose types can be stripped, as this example's are.
    const out = await run(nodes["24"]!, [file], { cwd: app, env: { API_TOKEN: "dev" }, timeoutMs: 20_000 });
    const printed = out.trim().split("\n");
    expect(printed).toHaveLength(2);
    for (const line of printed) expect(line).not.toMatch(/undefined/);
  });

  it("backend example, installed by name as the README says, calls the mock on every supported Node", async () => {
    const text = section("Use it from your app");
    expect(text).toMatch(/^npm install @tokenkit\/client$/m);
    const example = /```js\n([\s\S]*?)```/.exec(text)?.[1];
    expect(example, "a js block under Use it from your app").toBeDefined();
    const file = join(app, "first-call.mjs");
    writeFileSync(file, example!);
    const { roleNames } = expectedBody(app) as { roleNames: string[] };
    expect(roleNames.length).toBeGreaterThan(0);
    for (const node of Object.values(nodes)) {
      const out = await run(node, [file], { cwd: app, env: { API_TOKEN: "dev", CENTRAL_URL: mockUrl }, timeoutMs: 20_000 });
      for (const role of roleNames) expect(out).toContain(`'${role}'`); // console.log of a string array
    }
  });

  it("gives the release commands the rehearsal ran, and how to publish them to another registry", () => {
    const text = section("Releasing");
    for (const command of RELEASE_COMMANDS) expect(text).toContain(command.join(" "));
    expect(text).toMatch(/^npm_config_registry=\S+ npm run release$/m);
  });
});
