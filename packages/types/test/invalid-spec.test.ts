// A spec the client cannot use is refused with the file and line to fix, whether the linter finds
// the problem or the spec model does (an operationId that is no method name, a tag without its
// API family), and nothing is written.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const generator = resolve(import.meta.dirname, "../scripts/generate.mjs");
let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/**
 * Generates from a copy of the spec with each `[file, from, to]` edit applied; returns the
 * generator's output and the `file:line` where the first edit's `to` now stands (as the
 * generator should name it).
 */
function generateEdited(...edits: [file: string, from: string, to: string][]) {
  scratch = mkdtempSync(join(tmpdir(), "types-invalid-"));
  cpSync(join(root, "spec"), join(scratch, "spec"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  let at = "";
  for (const [file, from, to] of edits) {
    const target = join(scratch, "spec", file);
    const text = readFileSync(target, "utf8");
    expect(text, `${file} has the text the test edits`).toContain(from);
    const edited = text.replace(from, to);
    writeFileSync(target, edited);
    at ||= `spec/${file}:${edited.slice(0, edited.indexOf(to)).split("\n").length}:`;
  }
  const out = join(scratch, "out");
  const run = spawnSync(process.execPath, [generator, "--spec", join(scratch, "spec/openapi.yaml"), "--out", out], { cwd: scratch, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, at, wrote: existsSync(out) ? readdirSync(out) : [] };
}

describe("the types generator on a spec the client cannot use", () => {
  it("names the file and line of an operationId that makes no method name", () => {
    const { status, output, at, wrote } = generateEdited(["paths/groups.yaml", "operationId: CreateGroup", "operationId: create-group"]);
    expect(status).toBe(1);
    expect(output).toContain(`${at}3: POST /bv/org/v1/groups (create-group): operationId must be an identifier`);
    expect(output).toContain("Nothing was written.");
    expect(wrote).toEqual([]);
  });

  it("names the line of a tag named like a member of the client", () => {
    const { status, output, at, wrote } = generateEdited(["openapi.yaml", "  - name: org\n", "  - name: use\n"], ["paths/groups.yaml", "    - org\n", "    - use\n"]);
    expect(status).toBe(1);
    expect(output).toContain(`${at}5: POST /bv/org/v1/groups (CreateGroup): tag "use" would hide the client's own use`);
    expect(wrote).toEqual([]);
  });

  it("names the line of the tag that lacks its API family", () => {
    const { status, output, at, wrote } = generateEdited(["openapi.yaml", "  - name: org\n    description: BlendVision One organization management, such as groups of users.\n    x-api: blendvision\n", "  - name: org\n    description: BlendVision One organization management, such as groups of users.\n"]);
    expect(status).toBe(1);
    expect(output).toContain(`${at}5: POST /bv/org/v1/groups (CreateGroup): tag "org" needs x-api`);
    expect(wrote).toEqual([]);
  });
});
