#!/usr/bin/env node
// Breaking-change gate: compares the bundled spec (packages/types/openapi.json) with the spec of
// the last release (packages/types/released/openapi.json) and fails when a change that breaks
// users of @tokenkit/types or @tokenkit/client is not announced by a pending MAJOR changeset.
//
//   node scripts/check-breaking.mjs            run the gate (part of `npm test`)
//   node scripts/check-breaking.mjs --update   make the current spec the released one; the
//                                              release workflow runs it with `changeset version`
//   --current FILE --released FILE --changesets DIR   compare other files (used by the tests)
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { operations } from "@tokenkit/spec-model";
import { apiCompare } from "api-smart-diff";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULTS = {
  current: join(root, "packages/types/openapi.json"),
  released: join(root, "packages/types/released/openapi.json"),
  changesets: join(root, ".changeset"),
};
/** A major bump of either package releases both (they form a `fixed` group in .changeset/config.json). */
export const PUBLISHED = ["@tokenkit/types", "@tokenkit/client"];

/**
 * The changes that break a user, one readable line each. api-smart-diff classifies each change
 * by where it sits (request or response). Only changes under `paths` are used: the same edit
 * also shows up under `components`, where the direction is unknown and the verdict is noise.
 * Two verdicts are tightened, because typed code breaks on them even where the library calls
 * them compatible: a field that disappears (code that reads or sets it no longer compiles), and
 * a response field whose type changes.
 */
export function findBreakingChanges(released, current) {
  return [...findClientSurfaceChanges(released, current), ...findContractChanges(released, current)];
}

/**
 * What code written against the client names, and so breaks on when renamed: each operation's
 * named method (`client.<tag>.<operationId>`), its path template (the path-style call) and its
 * path and query parameter names (keys of the arguments). The HTTP contract may not change at
 * all when these do.
 */
export function findClientSurfaceChanges(released, current) {
  const now = operations(current);
  const byId = new Map(now.map((op) => [op.operationId, op]));
  const byRoute = new Map(now.map((op) => [`${op.method} ${op.path}`, op]));
  const names = (op, where) => op.parameters.filter((p) => p.in === where).map((p) => String(p.name));
  const changes = [];
  for (const before of operations(released)) {
    const where = `${before.operationId} (client.${before.tag}.${before.name})`;
    const after = byId.get(before.operationId);
    if (!after) {
      const renamed = byRoute.get(`${before.method} ${before.path}`);
      changes.push(renamed ? `${where}: operationId renamed to ${renamed.operationId} (client.${renamed.tag}.${renamed.name})` : `${where}: removed`);
      continue;
    }
    if (after.tag !== before.tag) changes.push(`${where}: tag changed from "${before.tag}" to "${after.tag}" (client.${after.tag}.${after.name})`);
    if (after.method !== before.method || after.path !== before.path) changes.push(`${where}: ${before.method} ${before.path} became ${after.method} ${after.path}`);
    for (const at of ["path", "query"]) {
      for (const name of names(before, at).filter((n) => !names(after, at).includes(n))) {
        changes.push(`${where}: ${at} parameter "${name}" renamed or removed`);
      }
    }
  }
  return changes;
}

/** Breaking changes of the HTTP contract, by api-smart-diff (see above). */
function findContractChanges(released, current) {
  const { diffs } = apiCompare(released, current);
  return diffs
    .filter((d) => d.path[0] === "paths")
    .filter((d) => {
      if (d.type === "breaking") return true;
      const last = d.path.at(-1);
      const parent = d.path.at(-2);
      const removedField = d.action === "remove" && parent === "properties";
      const changedResponseType = d.action === "replace" && last === "type" && parent !== "properties" && d.path.includes("responses");
      return removedField || changedResponseType;
    })
    .map((d) => {
      const [, path, method] = d.path;
      const text = d.description?.trim() || `${d.action} ${d.path.slice(3).join(" › ")}`;
      // Name the operation unless the line is about the whole operation already.
      return d.path.length > 3 ? `${String(method).toUpperCase()} ${path}: ${text}` : text;
    });
}

/** Pending changesets (`.changeset/*.md`) that bump a published package by a major version. */
export function pendingMajorChangesets(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .filter((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
      return front.split(/\r?\n/).some((line) => {
        const m = /^\s*["']?([^"':]+)["']?\s*:\s*["']?(major|minor|patch|none)["']?\s*$/.exec(line);
        return m && PUBLISHED.includes(m[1].trim()) && m[2] === "major";
      });
    });
}

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** Runs the gate. `ok` is false when breaking changes are not covered by a major changeset. */
export function checkBreaking({ current = DEFAULTS.current, released = DEFAULTS.released, changesets = DEFAULTS.changesets } = {}) {
  const breaking = findBreakingChanges(readJson(released), readJson(current));
  const majors = pendingMajorChangesets(changesets);
  return { ok: breaking.length === 0 || majors.length > 0, breaking, majors };
}

function main() {
  const { values } = parseArgs({
    options: {
      update: { type: "boolean" },
      current: { type: "string" },
      released: { type: "string" },
      changesets: { type: "string" },
    },
  });
  const paths = {
    current: resolve(values.current ?? DEFAULTS.current),
    released: resolve(values.released ?? DEFAULTS.released),
    changesets: resolve(values.changesets ?? DEFAULTS.changesets),
  };
  if (values.update) {
    copyFileSync(paths.current, paths.released);
    console.log(`released spec updated: ${paths.released}`);
    return;
  }
  const { ok, breaking, majors } = checkBreaking(paths);
  if (breaking.length === 0) {
    console.log("breaking-change gate: no breaking change since the last release");
    return;
  }
  const list = breaking.map((line) => `  - ${line}`).join("\n");
  if (ok) {
    console.log(`breaking-change gate: ${breaking.length} breaking change(s), announced by ${majors.join(", ")}:\n${list}`);
    return;
  }
  console.error(
    `breaking-change gate: ${breaking.length} breaking change(s) since the last release:\n${list}\n` +
      `Either make the change additive, or run \`pnpm exec changeset\`, choose a MAJOR bump for ` +
      `${PUBLISHED.join(" and ")}, and tell users what to change.`,
  );
  process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
