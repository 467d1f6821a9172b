// Shared by every test file: pack the two published packages as `pnpm publish` would, install
// the tarballs into a fresh project in the OS temp dir (no workspace links), start one mock.
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
  /** The Node binary of the second runtime installed into the project. */
  secondNode: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    consumer: Consumer;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
// A second runtime from the npm registry: the same binary the `node` package would fetch.
const SECOND_NODE = { name: `node-${process.platform}-${process.arch}`, version: "24.21.0" };

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
    await run(
      "npm",
      ["install", types, client, `${SECOND_NODE.name}@${SECOND_NODE.version}`, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
      { cwd: app, timeoutMs: 240_000 },
    );

    console.log(`consumer setup: installed the tarballs and Node ${SECOND_NODE.version} at ${took()}`);
    mock = await startMock();
    console.log(`consumer setup: mock listening on ${mock.url} at ${took()}`);
    const secondNode = join(app, "node_modules", SECOND_NODE.name, "bin", "node");
    project.provide("consumer", { app, tarballs: { types, client }, mockUrl: mock.url, secondNode });
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
