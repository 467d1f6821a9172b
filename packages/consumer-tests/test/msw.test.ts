// A frontend team's unit tests: vitest + jsdom with @tokenkit/msw's handlers and the client,
// installed by name from the registry, and no Prism in the installed tree.
import { readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { run } from "./run.js";

const { mswApp, nodes } = inject("consumer");
const npm = (args: string[]) => run("npm", args, { cwd: mswApp, timeoutMs: 60_000 });

interface Tree {
  dependencies?: Record<string, Tree>;
}

/** Every package name in npm's tree, at any depth. */
function names(tree: Tree): string[] {
  return Object.entries(tree.dependencies ?? {}).flatMap(([name, sub]) => [name, ...names(sub)]);
}

describe("@tokenkit/msw in a vitest + jsdom app", () => {
  it("installs no Prism", async () => {
    // One read of the whole installed tree (one npm start) answers both questions.
    const tree = JSON.parse(await npm(["ls", "--all", "--json"])) as Tree;
    expect(Object.keys(tree.dependencies ?? {})).toEqual(expect.arrayContaining(["@tokenkit/msw", "msw"]));
    const installed = names(tree);
    expect(installed).toContain("@tokenkit/client");
    expect(installed.filter((name) => name.startsWith("@stoplight/prism"))).toEqual([]);
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
