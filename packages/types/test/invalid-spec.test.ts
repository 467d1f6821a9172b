// A spec the client cannot use is refused with the file and line to fix, whether the linter finds
// the problem or the spec model does (an operationId that is no method name, a tag without its
// API family), and nothing is written. Each test breaks a copy of a small valid spec of its own
// (test/fixtures/spec, in the layout of spec/), so what the real spec holds never matters here.
// The fixture passes the linter as it is: the spec model's checks below run only after it.
// The generator runs in the package's folder, as `npm run generate` runs it; both kinds of
// problem name the file from the repository root, where that command is typed.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const fixture = resolve(import.meta.dirname, "fixtures/spec");
const packageDir = resolve(import.meta.dirname, "..");
const repo = resolve(packageDir, "../..");
const generator = join(packageDir, "scripts/generate.mjs");
let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/**
 * Generates from a copy of the fixture spec with each `[file, from, to]` edit applied; returns
 * the generator's output and the `file:line` where the first edit's `to` now stands (as the
 * generator should name it).
 */
function generateEdited(...edits: [file: string, from: string, to: string][]) {
  scratch = mkdtempSync(join(tmpdir(), "types-invalid-"));
  cpSync(fixture, join(scratch, "spec"), { recursive: true });
  let at = "";
  for (const [file, from, to] of edits) {
    const target = join(scratch, "spec", file);
    const text = readFileSync(target, "utf8");
    expect(text, `${file} has the text the test edits`).toContain(from);
    const edited = text.replace(from, to);
    writeFileSync(target, edited);
    at ||= `${relative(repo, target)}:${edited.slice(0, edited.indexOf(to)).split("\n").length}:`;
  }
  const out = join(scratch, "out");
  const run = spawnSync(process.execPath, [generator, "--spec", join(scratch, "spec/openapi.yaml"), "--out", out], { cwd: packageDir, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, at, wrote: existsSync(out) ? readdirSync(out) : [] };
}

// Each test runs the generator, which runs Redocly twice (lint and bundle): three Node processes
// that need a few seconds of CPU together, and much longer on a shared machine. The timeout only
// stops a hang.
describe("the types generator on a spec the client cannot use", { timeout: 180_000 }, () => {
  it("names the file, line and rule of a problem the linter finds", () => {
    const { status, output, at, wrote } = generateEdited(["paths/groups.yaml", "    - groups\n", "    - teams\n"]);
    expect(status).toBe(1);
    expect(output).toContain(`[1] ${at}7 at #/post/tags/0`);
    expect(output).toContain("operation-tag-defined");
    expect(output).toContain("Nothing was written.");
    expect(wrote).toEqual([]);
  });

  it("names the file and line of an operationId that makes no method name", () => {
    const { status, output, at, wrote } = generateEdited(["paths/groups.yaml", "operationId: CreateGroup", "operationId: create-group"]);
    expect(status).toBe(1);
    expect(output).toContain(`\n  ${at}3: POST /v1/groups (create-group): operationId must be an identifier`);
    expect(output).toContain("Nothing was written.");
    expect(wrote).toEqual([]);
  });

  it("names the line of a tag named like a member of the client", () => {
    const { status, output, at, wrote } = generateEdited(["openapi.yaml", "  - name: groups\n", "  - name: use\n"], ["paths/groups.yaml", "    - groups\n", "    - use\n"]);
    expect(status).toBe(1);
    expect(output).toContain(`\n  ${at}5: POST /v1/groups (CreateGroup): tag "use" would hide the client's own use`);
    expect(wrote).toEqual([]);
  });

  it("names the line of the tag that lacks its API family", () => {
    const { status, output, at, wrote } = generateEdited(["openapi.yaml", "  - name: groups\n    description: Groups of users.\n    x-api: blendvision\n", "  - name: groups\n    description: Groups of users.\n"]);
    expect(status).toBe(1);
    expect(output).toContain(`\n  ${at}5: POST /v1/groups (CreateGroup): tag "groups" needs x-api`);
    expect(wrote).toEqual([]);
  });
});
