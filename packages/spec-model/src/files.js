// @ts-check
// Writing generated files, or checking them: every package that generates files uses this, so
// `pnpm generate` and `check:generated` behave the same everywhere.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";

/**
 * The first line of a generated file, in the comment syntax of its kind.
 * @param {string} generator the script that writes the file, relative to the repository root
 * @param {string} source what it is generated from
 */
export function generatedHeader(generator, source) {
  return `This file is generated from ${source} by ${generator}. Do not edit it by hand.`;
}

/**
 * Writes `files` (path relative to `dir` -> text) into `dir`, or with `check` writes nothing and
 * returns the files whose committed text differs.
 * @param {Record<string, string>} files
 * @param {{ dir: string, check?: boolean }} options
 * @returns {string[]} in check mode the stale files, else the files written
 */
export function emit(files, { dir, check = false }) {
  const done = [];
  for (const [file, text] of Object.entries(files)) {
    const target = join(dir, file);
    if (check) {
      if (!existsSync(target) || readFileSync(target, "utf8") !== text) done.push(file);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    done.push(file);
  }
  return done;
}

/**
 * The command line every generator shares:
 *   node scripts/generate.mjs                 write the files into the package
 *   node scripts/generate.mjs --check         write nothing; exit 1 if a committed file differs
 *   node scripts/generate.mjs --spec F --out D  generate from another spec into another folder
 * `generate(spec)` returns the files (relative to the package); it throws to refuse.
 * @param {{ name: string, packageDir: string, defaultSpec: string, generate: (spec: string) => Promise<Record<string, string>> | Record<string, string> }} generator
 */
export async function runGenerator({ name, packageDir, defaultSpec, generate }) {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, spec: { type: "string" }, out: { type: "string" } } });
  const dir = values.out ?? packageDir;
  try {
    const files = await generate(values.spec ?? defaultSpec);
    const done = emit(files, { dir, check: values.check });
    if (!values.check) {
      for (const file of done) console.log(`${name}: wrote ${relative(process.cwd(), join(dir, file)) || file}`);
    } else if (done.length) {
      for (const file of done) console.error(`${name}: out of date: ${file} (run \`pnpm generate\` and commit the result)`);
      process.exitCode = 1;
    } else {
      console.log(`${name}: generated files are up to date (${Object.keys(files).length} files)`);
    }
  } catch (err) {
    const error = /** @type {Error & { stderr?: Buffer }} */ (err);
    console.error(`${name}: ${error.message}\nNothing was written.`);
    process.exitCode = 1;
  }
}
