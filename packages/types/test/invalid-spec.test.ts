// A spec the client cannot use is refused with the file and line to fix, whether the linter finds
// the problem or the spec model does (an operationId that is no method name, a tag without its
// API family), and nothing is written.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { operations } from "@tokenkit/spec-model";
import { afterEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
// The operation and tag each test breaks come from the spec itself: its first operation, in the
// file that holds its path, and that operation's tag.
const spec = JSON.parse(readFileSync(resolve(import.meta.dirname, "../openapi.json"), "utf8"));
const rootText = readFileSync(join(root, "spec/openapi.yaml"), "utf8");
const [first] = operations(spec);
if (!first?.tag) throw new Error("the spec has no tagged operation");
const tag: string = first.tag;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The file under spec/ that holds the path item of `path`, as spec/openapi.yaml refers to it. */
function pathFile(path: string) {
  const found = rootText.match(new RegExp(`^  ${escape(path)}:\\n    \\$ref: (\\S+)$`, "m"));
  if (!found) throw new Error(`spec/openapi.yaml does not refer ${path} to a file`);
  return found[1]!;
}
const tagFiles = [...new Set(operations(spec).filter((op) => op.tag === tag).map((op) => pathFile(op.path)))];
const generator = resolve(import.meta.dirname, "../scripts/generate.mjs");
let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/**
 * Generates from a copy of the spec with each `[file, from, to]` edit applied (to every
 * occurrence of `from`); returns the generator's output and the `file:line` where the first
 * edit's `to` now stands (as the generator should name it).
 */
function generateEdited(...edits: [file: string, from: string, to: string][]) {
  scratch = mkdtempSync(join(tmpdir(), "types-invalid-"));
  cpSync(join(root, "spec"), join(scratch, "spec"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  let at = "";
  for (const [file, from, to] of edits) {
    const target = join(scratch, "spec", file);
    const text = readFileSync(target, "utf8");
    expect(text, `${file} has the text the test edits`).toContain(from);
    const edited = text.split(from).join(to);
    writeFileSync(target, edited);
    at ||= `spec/${file}:${edited.slice(0, edited.indexOf(to)).split("\n").length}:`;
  }
  const out = join(scratch, "out");
  const run = spawnSync(process.execPath, [generator, "--spec", join(scratch, "spec/openapi.yaml"), "--out", out], { cwd: scratch, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, at, wrote: existsSync(out) ? readdirSync(out) : [] };
}

describe("the types generator on a spec the client cannot use", () => {
  const where = `${first.method} ${first.path}`;

  it("names the file and line of an operationId that makes no method name", () => {
    const kebab = first.operationId.replace(/[A-Z]/g, (letter, at: number) => `${at ? "-" : ""}${letter.toLowerCase()}`);
    const { status, output, at, wrote } = generateEdited([pathFile(first.path), `operationId: ${first.operationId}\n`, `operationId: ${kebab}\n`]);
    expect(status).toBe(1);
    expect(output).toContain(`${at}3: ${where} (${kebab}): operationId must be an identifier`);
    expect(output).toContain("Nothing was written.");
    expect(wrote).toEqual([]);
  });

  it("names the line of a tag named like a member of the client", () => {
    const { status, output, at, wrote } = generateEdited(["openapi.yaml", `  - name: ${tag}\n`, "  - name: use\n"], ...tagFiles.map((file): [string, string, string] => [file, `    - ${tag}\n`, "    - use\n"]));
    expect(status).toBe(1);
    expect(output).toContain(`${at}5: ${where} (${first.operationId}): tag "use" would hide the client's own use`);
    expect(wrote).toEqual([]);
  });

  it("names the line of the tag that lacks its API family", () => {
    const entry = rootText.match(new RegExp(`  - name: ${escape(tag)}\\n(?:    (?!x-api:).*\\n)*    x-api: .*\\n`))?.[0];
    if (!entry) throw new Error(`spec/openapi.yaml has no x-api for the tag ${tag}`);
    const { status, output, at, wrote } = generateEdited(["openapi.yaml", entry, entry.replace(/    x-api: .*\n/, "")]);
    expect(status).toBe(1);
    expect(output).toContain(`${at}5: ${where} (${first.operationId}): tag "${tag}" needs x-api`);
    expect(wrote).toEqual([]);
  });
});
