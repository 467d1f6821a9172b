#!/usr/bin/env node
// @ts-check
// Every JavaScript file of the repository is type-checked: it is in the files of a tsconfig that a
// package script runs (`tsc -p <tsconfig>`, as `typecheck` and `build` do), and that tsconfig has
// `checkJs` or the file starts with `// @ts-check`. Files git ignores (node_modules, dist) are not
// ours to check. Exits 1 naming each file that escapes, so a new script cannot slip through.
//
//   node scripts/check-typed.mjs
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Not type-checked yet, each with the reason; the list may only shrink (an entry that is checked
 * now fails too, so that it is removed).
 * @type {Record<string, string>}
 */
const PENDING = {
};

/** The repository's files matching `patterns`, committed or new, less what git ignores. @param {string[]} patterns */
const gitFiles = (...patterns) =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--deduplicate", "--", ...patterns], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);

/** The tsconfigs the package scripts run, as absolute paths. */
function checkedConfigs() {
  return gitFiles("package.json", "**/package.json").flatMap((manifest) => {
    const { scripts = {} } = JSON.parse(readFileSync(resolve(root, manifest), "utf8"));
    return Object.values(/** @type {Record<string, string>} */ (scripts)).flatMap((script) =>
      [...script.matchAll(/\btsc\b[^&|;]*?(?:-p|--project)\s+(\S+)/g)].map((m) => resolve(root, dirname(manifest), m[1] ?? "")),
    );
  });
}

/** Each JavaScript file a tsconfig checks, from every tsconfig in `configs`. @param {string[]} configs */
function checkedFiles(configs) {
  const checked = new Set();
  for (const config of new Set(configs)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => console.error(ts.flattenDiagnosticMessageText(d.messageText, "\n")) });
    if (!parsed) continue;
    for (const file of parsed.fileNames.filter((f) => /\.[cm]?js$/.test(f))) {
      const head = readFileSync(file, "utf8").split("\n", 5).join("\n");
      if (/^\s*\/\/\s*@ts-nocheck/m.test(head)) continue;
      if (parsed.options.checkJs || /^\s*\/\/\s*@ts-check/m.test(head)) checked.add(relative(root, file));
    }
  }
  return checked;
}

const checked = checkedFiles(checkedConfigs());
const javascript = gitFiles("*.js", "*.mjs", "*.cjs");
const escaping = javascript.filter((file) => !checked.has(file) && !(file in PENDING));
const stale = Object.keys(PENDING).filter((file) => checked.has(file) || !javascript.includes(file));
for (const file of escaping) console.error(`${file}: not type-checked. Add it to a tsconfig with checkJs (or start it with // @ts-check) that a package script runs with tsc -p.`);
for (const file of stale) console.error(`${file}: listed as not type-checked in scripts/check-typed.mjs, but it is checked now (or gone): remove it from the list.`);
if (escaping.length || stale.length) process.exit(1);
console.log(`check-typed: ${checked.size} JavaScript files type-checked, ${Object.keys(PENDING).length} pending (listed in scripts/check-typed.mjs).`);
