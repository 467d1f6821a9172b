// A frontend team's unit tests: vitest + jsdom with @tokenkit/msw's handlers and the client,
// installed by name from the registry, and no Prism in the installed tree.
import { readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { run } from "./run.js";

const { mswApp, nodes } = inject("consumer");
const npm = (args: string[]) => run("npm", args, { cwd: mswApp, timeoutMs: 60_000 }).catch((error: Error) => error.message);

describe("@tokenkit/msw in a vitest + jsdom app", () => {
  it("installs no Prism", async () => {
    // Both reads of the installed tree at once: neither writes to it.
    const [tree, prism] = await Promise.all([npm(["ls", "--all", "--parseable"]), npm(["ls", "@stoplight/prism-cli", "--all"])]);
    expect(tree).toMatch(/node_modules\/@tokenkit\/msw$/m);
    expect(tree).toMatch(/node_modules\/msw$/m);
    expect(tree).not.toMatch(/@stoplight\/prism/);
    expect(prism).toMatch(/\(empty\)/);
  });

  it("the app's own tests pass on Node 24, the handlers answering the client", async () => {
    await run(nodes["24"]!, ["node_modules/vitest/vitest.mjs", "run", "--reporter=json", "--outputFile=report.json"], {
      cwd: mswApp,
      env: { PATH: `${dirname(nodes["24"]!)}${delimiter}${process.env.PATH ?? ""}`, CI: "true" },
      timeoutMs: 90_000,
    });
    const report = JSON.parse(readFileSync(join(mswApp, "report.json"), "utf8")) as { numTotalTests: number; numPassedTests: number; success: boolean };
    expect(report).toMatchObject({ success: true, numTotalTests: 3, numPassedTests: 3 });
  });
});
