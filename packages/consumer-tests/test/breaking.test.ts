// The breaking-change gate (scripts/check-breaking.mjs): each kind of breaking edit, applied to a
// copy of the bundled spec, must be caught; additive edits must pass; a pending major changeset
// for a published package lets a breaking change through.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { approve, checkBreaking, findBreakingChanges } from "../../../scripts/check-breaking.mjs";
import { run } from "./run.js";

type Spec = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };

const repo = resolve(import.meta.dirname, "../../..");
const released: Spec = JSON.parse(readFileSync(join(repo, "packages/types/openapi.json"), "utf8"));

/** A schema of the spec by name; a clear failure if the spec no longer has it. */
function schema(spec: Spec, name: string) {
  const found = spec.components.schemas[name];
  if (!found) throw new Error(`the spec has no schema ${name}: pick another target for this test`);
  return found;
}

function edited(edit: (spec: Spec) => void): Spec {
  const copy = structuredClone(released);
  edit(copy);
  return copy;
}

const BREAKING: Record<string, (spec: Spec) => void> = {
  "a removed operation": (s) => delete s.paths["/v1/apitokens/{id}"]!.get,
  "a removed response field": (s) => delete schema(s, "ListAllowedTokenRolesResponse").properties.roleNames,
  "a new required request field": (s) => {
    const body = schema(s, "CreateGroupRequest");
    body.properties.team_id = { type: "string" };
    body.required = [...(body.required ?? []), "team_id"];
  },
  "a narrowed enum in a request": (s) => {
    const role = schema(s, "ChatroomTokenRole");
    role.enum = role.enum.filter((v: string) => v !== "ROLE_VIEWER");
  },
  "a changed type of a response field": (s) => (schema(s, "ChatroomToken").properties.expires_in.type = "string"),
  "a renamed operationId": (s) => (s.paths["/v1/apitokens/{id}"]!.get.operationId = "FetchAPIToken"),
  "an operation moved to another tag": (s) => (s.paths["/v1/apitokens/{id}"]!.get.tags = ["org"]),
  "a renamed path parameter": (s) => {
    s.paths["/v1/apitokens/{tokenId}"] = s.paths["/v1/apitokens/{id}"]!;
    delete s.paths["/v1/apitokens/{id}"];
    const op = s.paths["/v1/apitokens/{tokenId}"]!.get;
    op.parameters = [{ name: "tokenId", in: "path", required: true, schema: { type: "string" } }];
  },
};

const ADDITIVE: Record<string, (spec: Spec) => void> = {
  "a new optional request field and response field": (s) => {
    schema(s, "CreateGroupRequest").properties.note = { type: "string" };
    schema(s, "ChatroomToken").properties.issued_by = { type: "string" };
  },
  "a new operation": (s) => {
    s.paths["/v1/apitokens/ping"] = {
      get: { operationId: "Ping", tags: ["apitokens"], responses: { "200": { description: "Alive." } } },
    };
  },
};

const work = mkdtempSync(join(tmpdir(), "tokenkit-breaking-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes the specs and a changeset folder, as the gate finds them in the repo. */
function fixture(name: string, spec: Spec, changesets: Record<string, string> = {}) {
  const dir = join(work, name.replace(/\W+/g, "-"));
  mkdirSync(join(dir, ".changeset"), { recursive: true });
  writeFileSync(join(dir, "released.json"), JSON.stringify(released));
  writeFileSync(join(dir, "current.json"), JSON.stringify(spec));
  for (const [file, text] of Object.entries(changesets)) writeFileSync(join(dir, ".changeset", file), text);
  return { released: join(dir, "released.json"), current: join(dir, "current.json"), changesets: join(dir, ".changeset") };
}

const changeset = (bumps: string) => `---\n${bumps}\n---\n\nWhat changed and what users do about it.\n`;

describe("the breaking-change gate", () => {
  // `breaking` is what findBreakingChanges found in the gate's own run: one comparison per case.
  it.each(Object.entries(BREAKING))("catches %s", (name, edit) => {
    const result = checkBreaking(fixture(name, edited(edit)));
    expect(result.breaking).not.toEqual([]);
    expect(result.ok).toBe(false);
  });

  it.each(Object.entries(ADDITIVE))("lets %s through", (name, edit) => {
    const result = checkBreaking(fixture(name, edited(edit)));
    expect(result.breaking).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("lets a breaking change through when a pending major changeset approves it", () => {
    const spec = edited(BREAKING["a removed operation"]!);
    const paths = fixture("major", spec, { "drop-get-token.md": changeset(`"@tokenkit/client": major`) });
    // A major changeset that lists nothing approves nothing.
    expect(checkBreaking(paths).ok).toBe(false);
    const approved = approve(join(paths.changesets, "drop-get-token.md"), paths);
    expect(approved).toEqual(findBreakingChanges(released, spec));
    expect(checkBreaking(paths)).toMatchObject({ ok: true, unapproved: [], majors: ["drop-get-token.md"] });
    // A minor bump, or a major of a package users do not install, cannot approve anything.
    const minor = fixture("minor", spec, { "a.md": changeset(`"@tokenkit/types": minor\n"@tokenkit/client": minor`) });
    expect(() => approve(join(minor.changesets, "a.md"), minor)).toThrow(/major/);
    expect(checkBreaking(minor).ok).toBe(false);
    const other = fixture("other", spec, { "b.md": changeset(`"@tokenkit/spec-model": major`) });
    expect(checkBreaking(other).ok).toBe(false);
  });

  it("does not let a pending major changeset approve a breaking change made after it", () => {
    const first = edited(BREAKING["a removed response field"]!);
    const paths = fixture("later", first, { "first.md": changeset(`"@tokenkit/types": major`) });
    approve(join(paths.changesets, "first.md"), paths);
    // A later edit that breaks something else, with the earlier changeset still pending.
    const later = edited(BREAKING["a removed response field"]!);
    BREAKING["a changed type of a response field"]!(later);
    writeFileSync(paths.current, JSON.stringify(later));
    const result = checkBreaking(paths);
    expect(result.ok).toBe(false);
    expect(result.unapproved.length).toBeGreaterThan(0);
    for (const line of result.unapproved) expect(findBreakingChanges(released, first)).not.toContain(line);
  });

  it("fails the command with the list of breaking changes and what to do", async () => {
    const paths = fixture("cli", edited(BREAKING["a removed operation"]!));
    const script = join(repo, "scripts/check-breaking.mjs");
    const args = [script, "--current", paths.current, "--released", paths.released, "--changesets", paths.changesets];
    const failure = await run(process.execPath, args, { cwd: repo }).then(() => "exit 0", (err: Error) => err.message);
    expect(failure).toMatch(/exit code 1/);
    expect(failure).toContain("GET /v1/apitokens/{id}");
    expect(failure).toMatch(/MAJOR/);
  });

  it("refuses --approve of a changeset that cannot approve, in one line naming it", async () => {
    const paths = fixture("cli-approve", edited(BREAKING["a removed operation"]!), { "a.md": changeset(`"@tokenkit/client": minor`) });
    const script = join(repo, "scripts/check-breaking.mjs");
    const args = ["--current", paths.current, "--released", paths.released, "--changesets", paths.changesets];
    for (const [file, reason] of [
      [join(paths.changesets, "a.md"), /a\.md bumps neither .* by major/],
      [join(paths.changesets, "missing.md"), /cannot read .*missing\.md \(ENOENT\)/],
    ] as const) {
      const failure = await run(process.execPath, [script, ...args, "--approve", file], { cwd: repo }).then(() => "exit 0", (err: Error) => err.message);
      expect(failure).toMatch(/exit code 2/);
      const printed = failure.split("\n").slice(1).filter((line) => line.trim());
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(/^--approve: /);
      expect(printed[0]).toMatch(reason);
    }
    expect(readFileSync(join(paths.changesets, "a.md"), "utf8")).toBe(changeset(`"@tokenkit/client": minor`));
  });
});
