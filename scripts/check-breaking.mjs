#!/usr/bin/env node
// @ts-check
// Breaking-change gate: compares the bundled spec (packages/types/openapi.json) with the spec of
// the last release (packages/types/released/openapi.json) and fails when a change that breaks
// users of @tokenkit/types or @tokenkit/client is not announced by a pending MAJOR changeset.
//
// A pending major changeset approves only the breaking changes it lists (in a comment block that
// `--approve` writes), so a changeset written for one change never waves later ones through.
//
//   node scripts/check-breaking.mjs            run the gate (`npm run check:breaking`, part of `npm test`)
//   node scripts/check-breaking.mjs --approve .changeset/NAME.md
//                                              list the current breaking changes in that major
//                                              changeset: it approves those, and only those
//   node scripts/check-breaking.mjs --update   make the current spec the released one; the
//                                              release workflow runs it with `changeset version`
//   --current FILE --released FILE --changesets DIR   compare other files (used by the tests)
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { operations } from "@tokenkit/spec-model";
import { apiCompare } from "api-smart-diff";
import { PUBLISHED } from "./published.mjs";

/** @typedef {import("@tokenkit/spec-model").Json} Json */
/** @typedef {import("@tokenkit/spec-model").Operation} Operation */

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULTS = {
  current: join(root, "packages/types/openapi.json"),
  released: join(root, "packages/types/released/openapi.json"),
  changesets: join(root, ".changeset"),
};
// A major bump of either published package releases both (their `fixed` group).

/**
 * The changes that break a user, one readable line each. api-smart-diff classifies each change
 * by where it sits (request or response). Only changes under `paths` are used: the same edit
 * also shows up under `components`, where the direction is unknown and the verdict is noise.
 * Two verdicts are tightened, because typed code breaks on them even where the library calls
 * them compatible: a field that disappears (code that reads or sets it no longer compiles), and
 * a response field whose type changes.
 * @param {Json} released @param {Json} current bundled specs
 * @returns {string[]}
 */
export function findBreakingChanges(released, current) {
  return [...findClientSurfaceChanges(released, current), ...findContractChanges(released, current)];
}

/**
 * What code written against the client names, and so breaks on when renamed: each operation's
 * named method (`client.<tag>.<operationId>`), its path template (the path-style call) and its
 * path and query parameter names (keys of the arguments). The HTTP contract may not change at
 * all when these do.
 * @param {Json} released @param {Json} current
 */
export function findClientSurfaceChanges(released, current) {
  const now = operations(current);
  const byId = new Map(now.map((op) => [op.operationId, op]));
  const byRoute = new Map(now.map((op) => [`${op.method} ${op.path}`, op]));
  const names = (/** @type {Operation} */ op, /** @type {string} */ where) => op.parameters.filter((p) => p.in === where).map((p) => String(p.name));
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

/** Breaking changes of the HTTP contract, by api-smart-diff (see above). @param {Json} released @param {Json} current */
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

/** Marks the list of breaking changes a changeset approves (an HTML comment: invisible in changelogs). */
const APPROVES = /<!-- breaking changes approved:\r?\n([\s\S]*?)-->/;

/** True when the changeset's front matter bumps a published package by a major version. @param {string} text */
function bumpsMajor(text) {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
  return front.split(/\r?\n/).some((line) => {
    const m = /^\s*["']?([^"':]+)["']?\s*:\s*["']?(major|minor|patch|none)["']?\s*$/.exec(line);
    return m && PUBLISHED.includes(String(m[1]).trim()) && m[2] === "major";
  });
}

/** Pending changesets (`.changeset/*.md`) that bump a published package by a major version, with what each approves. @param {string} dir */
export function pendingMajorChangesets(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((file) => ({ file, text: readFileSync(join(dir, file), "utf8") }))
    .filter(({ text }) => bumpsMajor(text))
    .map(({ file, text }) => ({
      file,
      approves: (APPROVES.exec(text)?.[1] ?? "").split(/\r?\n/).map((l) => l.replace(/^\s*- /, "").trim()).filter(Boolean),
    }));
}

const readJson = (/** @type {string} */ file) => JSON.parse(readFileSync(file, "utf8"));

/**
 * Runs the gate. `unapproved` lists the breaking changes no pending major changeset approves;
 * `ok` is true when there are none.
 */
export function checkBreaking({ current = DEFAULTS.current, released = DEFAULTS.released, changesets = DEFAULTS.changesets } = {}) {
  const breaking = findBreakingChanges(readJson(released), readJson(current));
  const majors = pendingMajorChangesets(changesets);
  const approved = new Set(majors.flatMap((m) => m.approves));
  const unapproved = breaking.filter((line) => !approved.has(line));
  return { ok: unapproved.length === 0, breaking, unapproved, majors: majors.map((m) => m.file) };
}

/** A changeset `--approve` cannot write into: the message is one line naming the file and what to do. */
export class ApproveError extends Error {
  /** @override */
  name = "ApproveError";
}

/** Writes the current breaking changes into a major changeset as the list it approves. @param {string} changesetFile */
export function approve(changesetFile, { current = DEFAULTS.current, released = DEFAULTS.released } = {}) {
  let text;
  try {
    text = readFileSync(changesetFile, "utf8");
  } catch (err) {
    const code = /** @type {NodeJS.ErrnoException} */ (err).code ?? /** @type {Error} */ (err).message;
    throw new ApproveError(`cannot read ${changesetFile} (${code}): give the path of a major changeset, e.g. .changeset/<name>.md, written by \`npm run changeset\``);
  }
  if (!bumpsMajor(text)) throw new ApproveError(`${changesetFile} bumps neither ${PUBLISHED.join(" nor ")} by major: only a major changeset can approve breaking changes`);
  const breaking = findBreakingChanges(readJson(released), readJson(current));
  const block = `<!-- breaking changes approved:\n${breaking.map((l) => `- ${l}`).join("\n")}\n-->`;
  writeFileSync(changesetFile, APPROVES.test(text) ? text.replace(APPROVES, block) : `${text.trimEnd()}\n\n${block}\n`);
  return breaking;
}

function main() {
  const { values } = parseArgs({
    options: {
      update: { type: "boolean" },
      approve: { type: "string" },
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
  if (values.approve) {
    try {
      const approved = approve(resolve(values.approve), paths);
      console.log(`${values.approve} approves ${approved.length} breaking change(s)`);
    } catch (err) {
      if (!(err instanceof ApproveError)) throw err;
      console.error(`--approve: ${err.message}`);
      process.exitCode = 2;
    }
    return;
  }
  const { ok, breaking, unapproved, majors } = checkBreaking(paths);
  if (breaking.length === 0) {
    console.log("breaking-change gate: no breaking change since the last release");
    return;
  }
  if (ok) {
    console.log(`breaking-change gate: ${breaking.length} breaking change(s), each approved by a pending major changeset (${majors.join(", ")})`);
    return;
  }
  const list = unapproved.map((line) => `  - ${line}`).join("\n");
  console.error(
    `breaking-change gate: ${unapproved.length} breaking change(s) since the last release that no pending major changeset approves:\n${list}\n` +
      `Either make the change additive, or add a changeset (\`npm run changeset\`) that bumps ` +
      `${PUBLISHED.join(" and ")} by MAJOR and tells users what to change, then record what it approves with ` +
      `\`node scripts/check-breaking.mjs --approve .changeset/<name>.md\`.`,
  );
  process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
