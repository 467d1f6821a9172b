// Node users, ESM and CommonJS, on every supported Node major, calling a real Prism mock.
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { expectedBody } from "./example.js";
import { run } from "./run.js";
import { RUNTIMES } from "./setup.js";

const { app, mockUrl, nodes } = inject("consumer");

async function call(node: string, script: string) {
  const out = await run(node, [join(app, script)], { cwd: app, env: { MOCK_URL: mockUrl }, timeoutMs: 20_000 });
  return JSON.parse(out) as { status: number; data: unknown; error: unknown; entry: string };
}

describe.each(RUNTIMES)("a Node %s project using the installed tarballs", (major) => {
  const node = nodes[major]!;

  it("runs on that major", async () => {
    expect((await run(node, ["--version"], { cwd: app })).trim()).toMatch(new RegExp(`^v${major}\\.`));
  });

  it("ESM: `import` gets the ES build and the example response", async () => {
    const result = await call(node, "esm/call.js");
    expect(result.entry).toMatch(/node_modules\/@tokenkit\/client\/dist\/index\.js$/);
    expect(result).toMatchObject({ status: 200, data: expectedBody(app) });
    expect(result.error).toBeUndefined();
  });

  it("CommonJS: `require` gets the CommonJS build and the example response", async () => {
    const result = await call(node, "cjs/call.js");
    expect(result.entry).toMatch(/node_modules\/@tokenkit\/client\/dist\/index\.cjs$/);
    expect(result).toMatchObject({ status: 200, data: expectedBody(app) });
    expect(result.error).toBeUndefined();
  });
});
