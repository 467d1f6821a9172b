// @ts-check
// Writing generated files, or checking them: every package that generates files uses this, so
// `pnpm generate` and `check:generated` behave the same everywhere.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

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
 * Where a node of the bundled document is written in the split source, as `file:line:column`
 * (the file relative to `base`): the deepest part of `pointer` the source has, following `$ref`s
 * into other files as the bundler did. A key points at its own line, so a missing `x-api` points
 * at the tag that lacks it.
 * @param {string} rootFile the spec's root file (`spec/openapi.yaml`)
 * @param {(string | number)[]} pointer as in a `Problem` of `validate`
 * @param {string} [base] the folder the file is named from: the working directory unless given
 * (a generator runs in its package's folder, and names the file as its linter does, from the
 * repository root where `npm run generate` is typed)
 * @returns {string}
 */
export function locate(rootFile, pointer, base = process.cwd()) {
  /** @param {string} file */
  const load = (file) => {
    const lineCounter = new LineCounter();
    return { file, lineCounter, node: /** @type {unknown} */ (parseDocument(readFileSync(file, "utf8"), { lineCounter }).contents) };
  };
  let at = load(resolve(rootFile));
  let position = 0;
  for (const segment of pointer) {
    // Another file's content stands for this node: the rest of the path is in that file.
    for (let ref = fileRef(at.node); ref !== undefined; ref = fileRef(at.node)) {
      at = load(resolve(dirname(at.file), ref));
      position = 0;
    }
    const { node } = at;
    const pair = isMap(node) ? node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment)) : undefined;
    const found = pair ? { start: /** @type {any} */ (pair.key)?.range?.[0], value: pair.value } : isSeq(node) ? { start: /** @type {any} */ (node.items[Number(segment)])?.range?.[0], value: node.items[Number(segment)] } : undefined;
    if (found?.start === undefined) break;
    position = found.start;
    at = { ...at, node: found.value };
  }
  const { line, col } = at.lineCounter.linePos(position);
  return `${relative(base, at.file)}:${line}:${col}`;
}

/** The file a `$ref` to another file names (the whole file: the spec's split refs have no fragment). @param {unknown} node */
function fileRef(node) {
  const ref = isMap(node) ? node.get("$ref") : undefined;
  return typeof ref === "string" && !ref.startsWith("#") ? ref.split("#")[0] : undefined;
}

/**
 * The command line every generator shares:
 *   node scripts/generate.mjs                 write the files into the package
 *   node scripts/generate.mjs --check         write nothing; exit 1 if a committed file differs
 *   node scripts/generate.mjs --spec F --out D  generate from another spec into another folder
 * TOKENKIT_CHECK_GENERATED=1 in the environment is `--check`: `npm test` runs every generator
 * that way, once, so a test run checks the committed files and never rewrites them.
 * `generate(spec)` returns the files (relative to the package); it throws to refuse.
 * @param {{ name: string, packageDir: string, defaultSpec: string, generate: (spec: string) => Promise<Record<string, string>> | Record<string, string> }} generator
 */
export async function runGenerator({ name, packageDir, defaultSpec, generate }) {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, spec: { type: "string" }, out: { type: "string" } } });
  const dir = values.out ?? packageDir;
  const check = values.check || process.env.TOKENKIT_CHECK_GENERATED === "1";
  try {
    const files = await generate(values.spec ?? defaultSpec);
    const done = emit(files, { dir, check });
    if (!check) {
      for (const file of done) console.log(`${name}: wrote ${relative(process.cwd(), join(dir, file)) || file}`);
    } else if (done.length) {
      for (const file of done) console.error(`${name}: out of date: ${file} (run \`npm run generate\` and commit the result)`);
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
