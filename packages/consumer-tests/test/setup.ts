// Shared by every test file: pack the two published packages as `pnpm publish` would, install
// the tarballs into a fresh project in the OS temp dir (no workspace links), start one mock.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock, type MockServer } from "@tokenkit/mock";
import type { TestProject } from "vitest/node";
import { run } from "./run.js";

export interface Consumer {
  /** The throwaway project with the tarballs installed. */
  app: string;
  tarballs: { types: string; client: string };
  mockUrl: string;
  /** A Node binary for every supported major (`RUNTIMES`), keyed by major. */
  nodes: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    consumer: Consumer;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
// The Node majors the packages are proven on: the oldest supported (package.json#engines) and
// the current LTS. A Node already on this machine serves when its major matches: the one running
// the tests, or the machine's own when the toolchain runs on a newer one (TOKENKIT_HOST_NODE, set
// by scripts/run.mjs). Any other is installed into the project from the npm registry, as the
// binary package the registry's `node` package would fetch.
export const RUNTIMES = ["20", "24"] as const;
const NODE_BINARY_PACKAGE = `node-${process.platform}-${process.arch}`;

function localNodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const node of [process.execPath, process.env.TOKENKIT_HOST_NODE]) {
    if (!node) continue;
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim(); // "v20.20.2"
    const major = version.slice(1).split(".")[0]!;
    if (!found.has(major)) found.set(major, node);
  }
  return found;
}

/** pnpm as the workspace runs it; `pnpm pack` turns `workspace:*` into real versions. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath]];
  const { packageManager } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { packageManager: string };
  return ["npx", ["--yes", packageManager.split("+")[0]!]];
}

async function pack(pkg: "types" | "client", dest: string): Promise<string> {
  const [command, prefix] = pnpm();
  await run(command, [...prefix, "pack", "--pack-destination", dest], { cwd: join(repo, "packages", pkg), timeoutMs: 60_000 });
  const file = readdirSync(dest).find((f) => f.startsWith(`tokenkit-${pkg}-`) && f.endsWith(".tgz"));
  if (!file) throw new Error(`pnpm pack wrote no tarball for @tokenkit/${pkg} into ${dest}`);
  return join(dest, file);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), "tokenkit-consumer-"));
  let mock: MockServer | undefined;
  const teardown = async () => {
    await mock?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    const packs = join(work, "packs");
    mkdirSync(packs);
    const [types, client] = await Promise.all([pack("types", packs), pack("client", packs)]);
    console.log(`consumer setup: packed both packages at ${took()}`);

    const app = join(work, "app");
    cpSync(join(here, "../fixtures/app"), app, { recursive: true });
    const local = localNodes();
    const missing = RUNTIMES.filter((major) => !local.has(major));
    // Each missing major under its own alias, so two can sit side by side (no bin links: both are `node`).
    const nodeInstalls = missing.map((major) => `node-${major}@npm:${NODE_BINARY_PACKAGE}@${major}`);
    await run("npm", ["install", types, client, ...nodeInstalls, "--no-bin-links", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: app,
      timeoutMs: 240_000,
    });
    const nodes = Object.fromEntries(
      RUNTIMES.map((major) => [major, local.get(major) ?? join(app, "node_modules", `node-${major}`, "bin", "node")]),
    );
    const installed = missing.length ? ` and Node ${missing.join(", ")} from the registry` : "";
    console.log(`consumer setup: installed the tarballs${installed} at ${took()}`);
    mock = await startMock();
    console.log(`consumer setup: mock listening on ${mock.url} at ${took()}`);
    project.provide("consumer", { app, tarballs: { types, client }, mockUrl: mock.url, nodes });
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
