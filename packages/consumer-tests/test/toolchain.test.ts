// docs/toolchain.md explains why each tool is at its version: its table must name the versions
// the workspace actually installs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const manifests = ["package.json", "spec/package.json", ...readdirSync(join(root, "packages")).map((p) => `packages/${p}/package.json`)]
  .filter((file) => {
    try {
      readFileSync(join(root, file));
      return true;
    } catch {
      return false;
    }
  })
  .map((file) => ({ file, pkg: JSON.parse(readFileSync(join(root, file), "utf8")) as Record<string, any> }));

/** The rows of the "| tool | version | why |" table. */
const rows = readFileSync(join(root, "docs/toolchain.md"), "utf8")
  .split("\n")
  .map((line) => /^\|\s*([@\w./-]+)\s*\|\s*([\w.-]+)\s*\|/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null && m[1] !== "tool" && !m[1]!.startsWith("-"))
  .map((m) => ({ tool: m[1]!, version: m[2]! }));

describe("docs/toolchain.md", () => {
  it("has a versions table", () => {
    expect(rows.length).toBeGreaterThan(5);
  });

  it.each(rows)("names the version of $tool that every package.json pins", ({ tool, version }) => {
    const found: string[] = [];
    for (const { file, pkg } of manifests) {
      if (tool === "pnpm" && file === "package.json") found.push(`${file}: ${String(pkg.packageManager).split("@")[1]}`);
      for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
        const range: string | undefined = pkg[field]?.[tool];
        // An alias ("typescript-7": "npm:typescript@7.0.2") pins the version after the last "@".
        if (range) found.push(`${file}: ${range.replace(/^npm:.+@/, "")}`);
      }
    }
    expect(found.length, `${tool} is in no package.json`).toBeGreaterThan(0);
    expect(found).toEqual(found.map((entry) => `${entry.split(": ")[0]}: ${version}`));
  });
});
