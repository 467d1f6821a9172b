// The root README as a new user follows it: its example runs against the mock with the one change
// it names, and its "try it before it is published" commands are the ones the setup ran.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { run } from "./run.js";

const { app, mockUrl, nodes, tarballs } = inject("consumer");
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

  it("says how to try the packages before they are published, as the consumer setup just did", () => {
    const text = section("Try the packages before they are published");
    expect(text).toContain("npm run pack");
    const install = /^npm install (.+)$/m.exec(text)?.[1]?.split(" ") ?? [];
    const names = install.map((file) => file.split("/").pop()!.replace(/-\d+\.\d+\.\d+.*\.tgz$/, ""));
    expect(names).toEqual(Object.keys(tarballs).map((name) => `tokenkit-${name}`));
  });
});
