// Replays every curl command of README.md and of the generated OPERATIONS.md against a real mock
// and checks the answer its `# → <status>, <field> == <value>` comment promises, so the frontend
// guide cannot drift from what the mock does. curl itself is not needed: each command is
// translated to fetch.
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredStatuses, operations } from "@tokenkit/spec-model";
import { type MockOptions, type MockServer } from "../src/index.js";
import { doc, startMockSharingPrism } from "./helpers.js";
import { allStarted } from "./together.js";

const README_BASE = "http://127.0.0.1:4010";
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
// The bundled spec the mock serves (helpers.ts reads it once).
const spec = doc;
/** The guides whose commands are replayed; OPERATIONS.md is generated from the spec. */
const GUIDES = ["README.md", "OPERATIONS.md"];

interface Expectation {
  status: number;
  /** `.a.b[0]` in the body, or `<header>` followed by a path into its JSON value. */
  target?: string;
  /** JSON the target must equal; absent means "the target is present". */
  value?: string;
}
interface Command {
  file: string;
  line: number;
  heading: string;
  argv: string[];
  /** The flags of an `npm run mock -- …` or `npx @tokenkit/mock …` line earlier in the same block: the mock this command needs. */
  mockFlags: string[];
  expected?: Expectation;
}

/** Splits a shell command line into words, honouring '…', "…" and backslashes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= "";
      for (i++; line[i] !== '"'; i++) {
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        word += line[i] === "\\" ? line[++i] : line[i];
      }
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + (c === "\\" ? line[++i] : c);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The curl commands in a guide's sh blocks, each with the heading it sits under. */
function commands(file: string): Command[] {
  const markdown = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
  const found: Command[] = [];
  let heading = "";
  let inShell = false;
  let pending = "";
  let start = 0;
  let mockFlags: string[] = [];
  markdown.split("\n").forEach((text, index) => {
    if (!inShell && /^#{1,6} /.test(text)) heading = text.replace(/^#+ /, "");
    if (/^```/.test(text)) {
      inShell = !inShell && /^```(sh|bash|shell)\s*$/.test(text);
      mockFlags = [];
      return;
    }
    if (!inShell) return;
    const expectation = /^# → (\d{3})(?:, (\S+)(?: == (.+))?)?$/.exec(text);
    if (expectation) {
      const last = found.at(-1);
      if (!last || last.expected) throw new Error(`${file} line ${index + 1}: "# →" without a curl command above it`);
      last.expected = { status: Number(expectation[1]), target: expectation[2], value: expectation[3] };
      return;
    }
    if (!pending) start = index + 1;
    pending += text.replace(/\\$/, " ");
    if (text.endsWith("\\")) return;
    const argv = shellWords(pending.replace(/\s+#.*$/, ""));
    pending = "";
    if (argv[0] === "curl") found.push({ file, line: start, heading, argv, mockFlags });
    if (argv.slice(0, 4).join(" ") === "npm run mock --") mockFlags = argv.slice(4);
    if (argv.slice(0, 2).join(" ") === "npx @tokenkit/mock") mockFlags = argv.slice(2);
  });
  return found;
}

/** The fetch call a curl command makes (only the options the README uses). */
function toFetch(argv: string[], baseUrl: string): { url: string; init: RequestInit } {
  const headers = new Headers();
  let method: string | undefined;
  let body: string | undefined;
  let url: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^-[siS]+$/.test(arg)) continue; // silent / include headers: output only
    else if (arg === "-X") method = argv[++i];
    else if (arg === "-H") {
      const header = argv[++i]!;
      const colon = header.indexOf(":");
      headers.append(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
    } else if (arg === "-d") body = argv[++i];
    else if (!arg.startsWith("-") && url === undefined) url = arg;
    else throw new Error(`curl option ${arg} is not supported by this test`);
  }
  if (!url?.startsWith(README_BASE)) throw new Error(`curl URL must start with ${README_BASE}: ${url}`);
  // curl's defaults: -d means POST, and a form body unless a Content-Type says otherwise.
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
  return {
    url: baseUrl + url.slice(README_BASE.length),
    init: { method: method ?? (body === undefined ? "GET" : "POST"), headers, body, signal: AbortSignal.timeout(10_000) },
  };
}

/** Whether the text is JSON. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Follows `.a.b[0]` into a JSON value (`[-1]` is the last item); `.` is the value itself. */
function at(value: unknown, path: string): unknown {
  if (path === ".") return value;
  const steps = [...path.matchAll(/\.([\w@$-]+)|\[(-?\d+)\]/g)];
  if (steps.map((s) => s[0]).join("") !== path) throw new Error(`cannot read path "${path}"`);
  return steps.reduce<any>((v, [, key, index]) => (key !== undefined ? v?.[key] : Array.isArray(v) ? v.at(Number(index)) : undefined), value);
}

/** The mock options an `npm run mock --` line asks for (where it listens does not matter here). */
function mockOptions(flags: string[]): MockOptions {
  const { values } = parseArgs({
    args: flags,
    options: { stateful: { type: "boolean" }, latency: { type: "string" }, fixtures: { type: "string" }, dynamic: { type: "boolean" }, seed: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
  });
  return { stateful: values.stateful, latency: values.latency, fixtures: values.fixtures, dynamic: values.dynamic, seed: values.seed };
}

const all = GUIDES.flatMap(commands);
// One mock per shell block that starts the mock its own way (`npm run mock -- --stateful`), and
// one for the rest; all started together before the commands run.
const mocks = new Map<string[] | "default", MockServer>();
const keyOf = (c: Command) => (c.mockFlags.length ? c.mockFlags : "default");

beforeAll(async () => {
  const flags = new Map<string[] | "default", string[]>(all.map((c) => [keyOf(c), c.mockFlags]));
  await allStarted([...flags].map(([key, f]) => startMockSharingPrism(mockOptions(f)).then((started) => mocks.set(key, started))));
}, 180_000);

afterAll(async () => {
  await Promise.all([...mocks.values()].map((m) => m.stop()));
});

describe("frontend guide (README.md, OPERATIONS.md)", () => {
  it("has an answer under every curl command", () => {
    expect(all.length).toBeGreaterThan(0);
    for (const c of all) expect(c.expected, `${c.file} line ${c.line} has no "# →" line`).toBeDefined();
  });

  it("shows every operation of the spec with every status it declares", () => {
    for (const op of operations(spec)) {
      const section = all.filter((c) => c.file === "OPERATIONS.md" && c.heading.startsWith(`${op.operationId} `));
      expect(section.length, `${op.operationId} has no section in OPERATIONS.md`).toBeGreaterThan(0);
      expect(new Set(section.map((c) => c.expected?.status))).toEqual(new Set([...declaredStatuses(op), 401]));
    }
  });

  it("runs every TypeScript recipe as written, in a test of this package", () => {
    const recipes = readme.slice(readme.indexOf("## Frontend recipes"), readme.indexOf("\n## ", readme.indexOf("## Frontend recipes") + 1));
    const blocks = [...recipes.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const squash = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean).join("\n");
    const dir = new URL("./", import.meta.url);
    const tests = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts") && f !== "readme.test.ts")
      .map((f) => squash(readFileSync(new URL(f, dir), "utf8")));
    for (const block of blocks) {
      // A comment naming a file (`// .storybook/preview.ts`) is the README's, not the test's.
      const code = squash(block.replace(/^\/\/ [\w./-]+\n/, ""));
      expect(tests.some((t) => t.includes(code)), `not run by any test:\n${block}`).toBe(true);
    }
  });

  it.each(all.map((c) => [`${c.file} line ${c.line}: ${c.heading.split(" ")[0]}`, c] as const))(
    "%s answers as documented",
    async (_, c) => {
      const { url, init } = toFetch(c.argv, mocks.get(keyOf(c))!.url);
      const response = await fetch(url, init);
      const text = await response.text();
      const where = `${c.file} line ${c.line} (${init.method} ${url}) answered ${response.status} ${text}`;
      expect(response.status, where).toBe(c.expected!.status);
      const target = c.expected!.target;
      if (!target) return;
      const [, header, path] = /^([A-Za-z][\w-]*)?(.*)$/.exec(target)!;
      const source = header ? response.headers.get(header) : text;
      expect(source, `${where}: no ${header}`).not.toBeNull();
      // A header that is not JSON (`allow: POST`) is its text, compared whole.
      const actual = header && !path && !isJson(source!) ? source : at(JSON.parse(source!), path || ".");
      if (c.expected!.value === undefined) expect(actual, where).not.toBeUndefined();
      else expect(actual, where).toEqual(JSON.parse(c.expected!.value));
    },
  );
});
