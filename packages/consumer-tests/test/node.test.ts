// Node users, ESM and CommonJS, on this Node and on a second runtime, calling a real Prism mock.
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { expectedBody } from "./example.js";
import { run } from "./run.js";

const { app, mockUrl, secondNode } = inject("consumer");

async function call(node: string, script: string) {
  const out = await run(node, [join(app, script)], { cwd: app, env: { MOCK_URL: mockUrl }, timeoutMs: 20_000 });
  return JSON.parse(out) as { status: number; data: unknown; error: unknown; entry: string };
}

describe("a Node project using the installed tarballs", () => {
  it(`ESM: \`import\` gets the ES build and the example response (Node ${process.versions.node})`, async () => {
    const result = await call(process.execPath, "esm/call.js");
    expect(result.entry).toMatch(/node_modules\/@tokenkit\/client\/dist\/index\.js$/);
    expect(result).toMatchObject({ status: 200, data: expectedBody(app) });
    expect(result.error).toBeUndefined();
  });

  it(`CommonJS: \`require\` gets the CommonJS build and the example response (Node ${process.versions.node})`, async () => {
    const result = await call(process.execPath, "cjs/call.js");
    expect(result.entry).toMatch(/node_modules\/@tokenkit\/client\/dist\/index\.cjs$/);
    expect(result).toMatchObject({ status: 200, data: expectedBody(app) });
  });

  it("ESM and CommonJS on a second runtime (Node 24 from the npm registry)", async () => {
    const version = (await run(secondNode, ["--version"], { cwd: app })).trim();
    expect(version).toMatch(/^v24\./);
    for (const script of ["esm/call.js", "cjs/call.js"]) {
      expect(await call(secondNode, script), `${script} on ${version}`).toMatchObject({ status: 200, data: expectedBody(app) });
    }
  });
});
